import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { childPlace, pointerOf, type Place } from "../../workspace/place.js";
import { resolveRef } from "../../workspace/refs.js";
import { schemasWithKeyword, type Schema } from "../../workspace/schema-sites.js";
import type { SchemaDocument, Workspace } from "../../workspace/workspace.js";
import type { Rule, RuleContext } from "../rule.js";

/** Subschemas that apply to the same value as their parent: recursion through them never ends. */
const inPlaceLists = ["allOf", "anyOf", "oneOf"] as const;
const inPlaceSingles = ["not", "if", "then", "else"] as const;

interface Step {
  at: Place;
  /** How the step was reached: through a $ref, or into an allOf/anyOf/oneOf/not/if/then/else. */
  via: string;
}

export const refCycle: Rule = {
  id: "ref-cycle",
  description:
    "A $ref leads back to itself without ever reaching a schema, or without going into a property or an item, so validation would never end.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    const schemas = schemasWithKeyword(document, "$ref");
    for (let i = 0; i < schemas.length; i++) {
      const schema = schemas[i]!;
      if (typeof schema.$ref !== "string") continue;
      const cycle = cycleThrough(context.workspace, document, schema, schema.$ref);
      if (cycle) reportCycle(document, context, schema, cycle);
    }
  },
};

// Apart from the loop: closures in the loop body would make V8 allocate a scope at every $ref.
function reportCycle(
  document: SchemaDocument,
  context: RuleContext,
  schema: Schema,
  cycle: Step[],
): void {
  const site: Place = { document, value: schema, pointer: undefined };
  const label = (at: Place) =>
    at.document === document ? `#${pointerOf(at)}` : `${at.document.file.name}#${pointerOf(at)}`;
  const chain = [label(site), ...cycle.map((step) => label(step.at))].join(" → ");
  const keywords = [...new Set(cycle.filter((s) => s.via !== "ref").map((s) => `"${s.via}"`))];
  context.report({
    document,
    target: { pointer: appendPointer(pointerOf(site), "$ref") },
    message:
      cycle.length === 1
        ? `$ref cycle: ${label(site)} refers to itself, so no schema is ever reached — make it a real schema`
        : keywords.length === 0
          ? `$ref cycle: ${chain}; each of these only refers to the next, so no schema is ever reached — make one of them a real schema`
          : `$ref cycle: ${chain}; the schema comes back to itself through ${keywords.join(" and ")} without going into a property or an item, so validation would never end — let the recursion go through "properties" or "items"`,
  });
}

/**
 * The steps from a `$ref` back to the schema that holds it, moving only to schemas that apply to
 * the same value; undefined when there is no way back (cycles it merely leads into are reported
 * at their own members). `start`, a schema of `document`, holds `ref`.
 */
function cycleThrough(
  workspace: Workspace,
  document: SchemaDocument,
  start: Schema,
  ref: string,
): Step[] | undefined {
  // The cycle must pass through this $ref: its first step is the reference itself.
  const resolution = resolveRef(workspace, document, ref);
  if (!resolution.ok) return undefined;
  // Most references lead to a plain schema, which goes nowhere in place.
  if (!leadsInPlace(resolution.target.value)) return undefined;
  const first: Step = { at: resolution.target, via: "ref" };
  // Each place in a parsed document is its own object, so the object names the place.
  if (first.at.value === start) return [first];
  if (!comesBackByRefs(workspace, first.at, start)) return undefined;
  // In a function of its own: a closure here would make V8 allocate its scope at every call.
  return searchCycle(workspace, first, start);
}

/** A depth-first search for the way from `first` back to `start`, in place. */
function searchCycle(workspace: Workspace, first: Step, start: Schema): Step[] | undefined {
  const seen = new Set<unknown>([first.at.value]);
  const trail = [first];
  const search = (): boolean => {
    for (const next of inPlaceSteps(workspace, trail.at(-1)!.at)) {
      const key = next.at.value;
      trail.push(next);
      if (key === start) return true;
      if (!seen.has(key)) {
        seen.add(key);
        if (search()) return true;
      }
      trail.pop();
    }
    return false;
  };
  return search() ? trail : undefined;
}

/**
 * False when the `$ref`s from `at` lead, one after the other, to a schema that goes nowhere in
 * place: the common case, settled without a search. True when they may come back to `startKey`.
 */
function comesBackByRefs(workspace: Workspace, at: Place, startKey: unknown): boolean {
  for (let hops = 0; hops < 16; hops++) {
    const value = at.value as Record<string, unknown>;
    if (typeof value.$ref !== "string") return true; // branches: the search looks at them
    const next = resolveRef(workspace, at.document, value.$ref);
    if (!next.ok) return false;
    if (next.target.value === startKey) return true;
    if (!leadsInPlace(next.target.value)) return false;
    at = next.target;
  }
  return true; // a long chain, or a loop: the search tells
}

function inPlaceSteps(workspace: Workspace, at: Place): Step[] {
  const value = at.value;
  if (!isPlainObject(value)) return [];
  // Draft-07 ignores the keywords beside a $ref.
  if (typeof value.$ref === "string") {
    const resolution = resolveRef(workspace, at.document, value.$ref);
    return resolution.ok ? [{ at: resolution.target, via: "ref" }] : [];
  }
  const steps: Step[] = [];
  for (let k = 0; k < inPlaceLists.length; k++) {
    const keyword = inPlaceLists[k]!;
    const branches = value[keyword];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      steps.push({ at: childPlace(at, branches[i], keyword, i), via: keyword });
    }
  }
  for (let k = 0; k < inPlaceSingles.length; k++) {
    const keyword = inPlaceSingles[k]!;
    if (keyword in value) steps.push({ at: childPlace(at, value[keyword], keyword), via: keyword });
  }
  return steps;
}

/**
 * Whether a schema has a `$ref` or a keyword of `inPlaceLists` or `inPlaceSingles`. Spelt out: it
 * runs for every `$ref`'s target, and a load by a name V8 knows costs a fraction of a load by a
 * name from a list, which goes through its generic keyed lookup.
 */
function leadsInPlace(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return (
    value.$ref !== undefined ||
    value.allOf !== undefined ||
    value.anyOf !== undefined ||
    value.oneOf !== undefined ||
    value.not !== undefined ||
    value.if !== undefined ||
    value.then !== undefined ||
    value.else !== undefined
  );
}
