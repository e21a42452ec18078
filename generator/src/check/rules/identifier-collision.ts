import pluralize from "pluralize";
import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { assignIdentifiers, collectionTypeName, toIdentifier } from "../../naming/identifiers.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule, RuleContext } from "../rule.js";

interface Named {
  name: string;
  document: SchemaDocument;
  /** The index of the event in `events`; none for a collection name. */
  event: number | undefined;
}

/** Where a name is written; worked out only for a name that is reported. */
function pointerOf(named: Named): string {
  return named.event === undefined ? "/collection" : appendPointer("/events", named.event, "name");
}

export const identifierCollision: Rule = {
  id: "identifier-collision",
  description:
    "Two event or collection names become the same TypeScript identifier; both are kept, one with a numbered suffix.",
  defaultSeverity: "warning",
  checkWorkspace(context) {
    const documents = context.workspace.documents;
    // Collection names share their last words ("…_orders"): each is made singular once.
    const singulars = new Map<string, string>();
    const singular = (word: string) => {
      let result = singulars.get(word);
      if (result === undefined) singulars.set(word, (result = pluralize.singular(word)));
      return result;
    };
    const kinds = [
      { kind: "event", convert: (name: string) => toIdentifier(name, "pascal") },
      { kind: "collection", convert: (name: string) => collectionTypeName(name, singular) },
    ] as const;
    for (const { kind, convert } of kinds) {
      // Most workspaces have no shared identifier at all: the names alone tell, and only then
      // are they listed with where they are written.
      if (!sharesIdentifier(namesOf(documents, kind), convert)) continue;
      report(context, kind, namedOf(documents, kind), convert);
    }
  },
};

/** The event or collection names of the workspace, in document order. */
function namesOf(documents: readonly SchemaDocument[], kind: "event" | "collection"): string[] {
  const names: string[] = [];
  forEachName(documents, kind, (name) => names.push(name));
  return names;
}

function namedOf(documents: readonly SchemaDocument[], kind: "event" | "collection"): Named[] {
  const named: Named[] = [];
  forEachName(documents, kind, (name, document, event) => named.push({ name, document, event }));
  return named;
}

function forEachName(
  documents: readonly SchemaDocument[],
  kind: "event" | "collection",
  found: (name: string, document: SchemaDocument, event: number | undefined) => void,
): void {
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    const root = document.file.value;
    if (!document.file.parsed || !isPlainObject(root)) continue;
    if (kind === "collection" && document.kind === "collection") {
      if (typeof root.collection === "string") found(root.collection, document, undefined);
    }
    if (kind === "event" && document.kind === "tracking-plan" && Array.isArray(root.events)) {
      const list: unknown[] = root.events;
      for (let event = 0; event < list.length; event++) {
        const item = list[event];
        if (isPlainObject(item) && typeof item.name === "string") found(item.name, document, event);
      }
    }
  }
}

/** Whether two different names become the same identifier; each name converted once. */
function sharesIdentifier(names: readonly string[], convert: (raw: string) => string): boolean {
  const rawOf = new Map<string, string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const base = convert(name);
    const raw = rawOf.get(base);
    if (raw === undefined) rawOf.set(base, name);
    else if (raw !== name) return true;
  }
  return false;
}

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
      target: { pointer: pointerOf(item) },
      message: `${kind} name "${item.name}" becomes the identifier ${base}, as ${listOf(others)} ${others.length === 1 ? "does" : "do"}; ${others.length === 1 ? "both are" : "all are"} kept and this one is named ${identifier} — rename one of them if that suffix would confuse`,
    });
  }
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function listOf(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
