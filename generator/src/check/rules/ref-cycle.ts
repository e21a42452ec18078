import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { childPlace, pointerOf, type Place } from "../../workspace/place.js";
import { resolveRef } from "../../workspace/refs.js";
import { sitesWithKeyword } from "../../workspace/schema-sites.js";
import type { Workspace } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

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
    for (const site of sitesWithKeyword(document, "$ref")) {
      if (!isPlainObject(site.value) || typeof site.value.$ref !== "string") continue;
      const cycle = cycleThrough(context.workspace, site, site.value.$ref);
      if (!cycle) continue;
      const label = (at: Place) =>
        at.document === document
          ? `#${pointerOf(at)}`
          : `${at.document.file.name}#${pointerOf(at)}`;
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
  },
};

/**
 * The steps from a `$ref` back to the schema that holds it, moving only to schemas that apply to
 * the same value; undefined when there is no way back (cycles it merely leads into are reported
 * at their own members). `start` holds `ref`.
 */
function cycleThrough(workspace: Workspace, start: Place, ref: string): Step[] | undefined {
  // The cycle must pass through this $ref: its first step is the reference itself.
  const resolution = resolveRef(workspace, start.document, ref);
  if (!resolution.ok) return undefined;
  // Most references lead to a plain schema, which goes nowhere in place.
  if (!leadsInPlace(resolution.target.value)) return undefined;
  const first: Step = { at: resolution.target, via: "ref" };
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

function inPlaceSteps(workspace: Workspace, at: Place): Step[] {
  const value = at.value;
  if (!isPlainObject(value)) return [];
  // Draft-07 ignores the keywords beside a $ref.
  if (typeof value.$ref === "string") {
    const resolution = resolveRef(workspace, at.document, value.$ref);
    return resolution.ok ? [{ at: resolution.target, via: "ref" }] : [];
  }
  const steps: Step[] = [];
  for (const keyword of inPlaceLists) {
    const branches = value[keyword];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      steps.push({ at: childPlace(at, branches[i], keyword, i), via: keyword });
    }
  }
  for (const keyword of inPlaceSingles) {
    if (keyword in value) steps.push({ at: childPlace(at, value[keyword], keyword), via: keyword });
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
