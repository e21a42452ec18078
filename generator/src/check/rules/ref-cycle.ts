import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { resolveRef, type RefTarget } from "../../workspace/refs.js";
import { sitesWithKeyword } from "../../workspace/schema-sites.js";
import type { SchemaDocument, Workspace } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

/** Subschemas that apply to the same value as their parent: recursion through them never ends. */
const inPlaceLists = ["allOf", "anyOf", "oneOf"] as const;
const inPlaceSingles = ["not", "if", "then", "else"] as const;

interface Step {
  at: RefTarget;
  /** How the step was reached: through a $ref, or into an allOf/anyOf/oneOf/not/if/then/else. */
  via: string;
}

export const refCycle: Rule = {
  id: "ref-cycle",
  description:
    "A $ref leads back to itself without ever reaching a schema, or without going into a property or an item, so validation would never end.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const site of sitesWithKeyword(document, "$ref")) {
      if (!isPlainObject(site.value) || typeof site.value.$ref !== "string") continue;
      const start = { document, pointer: site.pointer, value: site.value };
      const cycle = cycleThrough(context.workspace, start);
      if (!cycle) continue;
      const label = (at: RefTarget) =>
        at.document === document ? `#${at.pointer}` : `${at.document.file.name}#${at.pointer}`;
      const chain = [label(start), ...cycle.map((step) => label(step.at))].join(" → ");
      const keywords = [...new Set(cycle.filter((s) => s.via !== "ref").map((s) => `"${s.via}"`))];
      context.report({
        document,
        target: { pointer: appendPointer(site.pointer, "$ref") },
        message:
          cycle.length === 1
            ? `$ref cycle: ${label(start)} refers to itself, so no schema is ever reached — make it a real schema`
            : keywords.length === 0
              ? `$ref cycle: ${chain}; each of these only refers to the next, so no schema is ever reached — make one of them a real schema`
              : `$ref cycle: ${chain}; the schema comes back to itself through ${keywords.join(" and ")} without going into a property or an item, so validation would never end — let the recursion go through "properties" or "items"`,
      });
    }
  },
};

/**
 * The steps from a `$ref` back to the schema that holds it, moving only to schemas that apply to
 * the same value; undefined when there is no way back (cycles it merely leads into are reported
 * at their own members).
 */
function cycleThrough(workspace: Workspace, start: RefTarget): Step[] | undefined {
  // The cycle must pass through this $ref: its first step is the reference itself.
  const first = inPlaceSteps(workspace, start)[0];
  if (!first) return undefined;
  // Most references lead to a plain schema, which goes nowhere in place.
  if (!leadsInPlace(first.at.value)) return undefined;
  // Each place in a parsed document is its own object, so the object names the place.
  const startKey = start.value;
  const seen = new Set<unknown>();
  const search = (trail: Step[]): Step[] | undefined => {
    for (const next of inPlaceSteps(workspace, trail.at(-1)!.at)) {
      const key = next.at.value;
      if (key === startKey) return [...trail, next];
      if (seen.has(key)) continue;
      seen.add(key);
      const found = search([...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  if (first.at.value === startKey) return [first];
  seen.add(first.at.value);
  return search([first]);
}

function inPlaceSteps(workspace: Workspace, at: RefTarget): Step[] {
  const value = at.value;
  if (!isPlainObject(value)) return [];
  // Draft-07 ignores the keywords beside a $ref.
  if (typeof value.$ref === "string") {
    const resolution = resolveRef(workspace, at.document, value.$ref);
    return resolution.ok ? [{ at: resolution.target, via: "ref" }] : [];
  }
  const steps: Step[] = [];
  const step = (document: SchemaDocument, pointer: string, via: string, child: unknown) =>
    steps.push({ at: { document, pointer, value: child }, via });
  for (const keyword of inPlaceLists) {
    const branches = value[keyword];
    if (Array.isArray(branches))
      branches.forEach((branch, i) =>
        step(at.document, appendPointer(at.pointer, keyword, i), keyword, branch),
      );
  }
  for (const keyword of inPlaceSingles) {
    if (keyword in value)
      step(at.document, appendPointer(at.pointer, keyword), keyword, value[keyword]);
  }
  return steps;
}

function leadsInPlace(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (value.$ref !== undefined) return true;
  for (const keyword of inPlaceLists) if (value[keyword] !== undefined) return true;
  for (const keyword of inPlaceSingles) if (value[keyword] !== undefined) return true;
  return false;
}
