import { readFileSync, writeFileSync } from "node:fs";
import type { GeneratedWorkspace } from "./generate-workspace.js";

type Schema = Record<string, unknown>;

/** One mistake people make, and the rule that should report it. */
interface Mistake {
  rule: string;
  kind: "collection" | "tracking-plan";
  /** Changes the parsed file; `edit` changes the text instead, for syntax errors. */
  change?: (value: Schema) => void;
  edit?: (text: string) => string;
}

const mistakes: Mistake[] = [
  {
    rule: "unknown-keyword",
    kind: "collection",
    change: (value) => {
      value.requried = value.required;
    },
  },
  {
    rule: "collection-property-type",
    kind: "collection",
    change: (value) => {
      (value.properties as Schema).tags = { type: "array", items: { type: "string" } };
    },
  },
  {
    rule: "unresolved-ref",
    kind: "collection",
    change: (value) => {
      (value.properties as Schema).price_amount = { $ref: "#/definitions/price" };
    },
  },
  {
    rule: "required-unknown-property",
    kind: "collection",
    change: (value) => {
      (value.required as string[]).push("nmae");
    },
  },
  {
    rule: "property-name-case",
    kind: "collection",
    change: (value) => {
      (value.properties as Schema).reviewCount = { type: "integer", minimum: 0 };
    },
  },
  {
    rule: "duplicate-event",
    kind: "tracking-plan",
    change: (value) => {
      const events = value.events as Schema[];
      events.push({ ...events[0] });
    },
  },
  {
    rule: "invalid-json",
    kind: "tracking-plan",
    edit: (text) => text.replace(/\n}\n$/, ",\n}\n"),
  },
];

/**
 * Puts `count` mistakes into a generated workspace, spread over its files, cycling through the
 * kinds above. Returns the rules that should fire, one entry per mistake.
 */
export function addProblems(workspace: GeneratedWorkspace, count: number): string[] {
  const byKind = {
    collection: workspace.files.filter((f) => f.includes("/schemas/collections/")),
    "tracking-plan": workspace.files.filter(
      (f) =>
        f.includes("/schemas/events/") && !f.includes("/shared/") && !f.endsWith("traits.json"),
    ),
  };
  const expected: string[] = [];
  for (let i = 0; i < count; i++) {
    const mistake = mistakes[i % mistakes.length]!;
    const candidates = byKind[mistake.kind];
    const round = Math.floor(i / mistakes.length);
    const step = Math.floor(candidates.length / Math.ceil(count / mistakes.length));
    const file = candidates[(round * step + (i % mistakes.length) * 7) % candidates.length]!;
    const text = readFileSync(file, "utf8");
    if (mistake.edit) {
      writeFileSync(file, mistake.edit(text));
    } else {
      const value = JSON.parse(text) as Schema;
      mistake.change!(value);
      writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
    }
    expected.push(mistake.rule);
  }
  return expected;
}
