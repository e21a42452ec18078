import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { assignIdentifiers, collectionTypeName, toIdentifier } from "../../naming/identifiers.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule, RuleContext } from "../rule.js";

interface Named {
  name: string;
  document: SchemaDocument;
  pointer: string;
}

export const identifierCollision: Rule = {
  id: "identifier-collision",
  description:
    "Two event or collection names become the same TypeScript identifier; both are kept, one with a numbered suffix.",
  defaultSeverity: "warning",
  checkWorkspace(context) {
    const events: Named[] = [];
    const collections: Named[] = [];
    for (const document of context.workspace.documents) {
      const root = document.file.value;
      if (!document.file.parsed || !isPlainObject(root)) continue;
      if (document.kind === "collection" && typeof root.collection === "string") {
        collections.push({ name: root.collection, document, pointer: "/collection" });
      }
      if (document.kind === "tracking-plan" && Array.isArray(root.events)) {
        root.events.forEach((event, index) => {
          if (isPlainObject(event) && typeof event.name === "string") {
            events.push({
              name: event.name,
              document,
              pointer: appendPointer("/events", index, "name"),
            });
          }
        });
      }
    }
    report(context, "event", events, (name) => toIdentifier(name, "pascal"));
    report(context, "collection", collections, collectionTypeName);
  },
};

function report(
  context: RuleContext,
  kind: string,
  named: Named[],
  convertOnce: (raw: string) => string,
): void {
  // Identifier conversion is the costly part of this rule: once per name.
  const bases = new Map<string, string>();
  const convert = (raw: string) => {
    let base = bases.get(raw);
    if (base === undefined) bases.set(raw, (base = convertOnce(raw)));
    return base;
  };
  // A name alone with its identifier keeps it; most workspaces have no shared identifier at all.
  const taken = new Set<string>();
  let shared = false;
  for (const item of named) {
    if (bases.has(item.name)) continue;
    const base = convert(item.name);
    if (taken.has(base)) shared = true;
    taken.add(base);
  }
  if (!shared) return;
  const assigned = assignIdentifiers(
    named.map((n) => n.name),
    convert,
  );
  const byBase = new Map<string, string[]>();
  for (const raw of assigned.keys()) {
    const base = convert(raw);
    byBase.set(base, [...(byBase.get(base) ?? []), raw]);
  }
  const reported = new Set<string>();
  for (const item of named) {
    const base = convert(item.name);
    const identifier = assigned.get(item.name)!;
    if (identifier === base || reported.has(item.name)) continue;
    reported.add(item.name);
    const others = byBase
      .get(base)!
      .filter((raw) => raw !== item.name)
      .map((raw) => `"${raw}"`);
    context.report({
      document: item.document,
      target: { pointer: item.pointer },
      message: `${kind} name "${item.name}" becomes the identifier ${base}, as ${listOf(others)} ${others.length === 1 ? "does" : "do"}; ${others.length === 1 ? "both are" : "all are"} kept and this one is named ${identifier} — rename one of them if that suffix would confuse`,
    });
  }
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function listOf(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
