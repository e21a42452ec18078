import { isPlainObject } from "../workspace/json-pointer.js";
import type { Place } from "../workspace/place.js";
import { resolveRef } from "../workspace/refs.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";

/** Chains of `$ref` are short; one longer than this is followed again, watching for a loop. */
const shortChain = 16;

/**
 * Follows `$ref` from a schema until a schema without one: the schema that actually applies
 * (draft-07 ignores keywords beside `$ref`). Undefined when a reference does not resolve or loops;
 * unresolved-ref and ref-cycle report those.
 */
export function followRefs(workspace: Workspace, start: Place): Place | undefined {
  let current = start;
  for (let hops = 0; hops < shortChain; hops++) {
    const value = current.value;
    if (!isPlainObject(value) || typeof value.$ref !== "string") return current;
    const next = resolveRef(workspace, current.document, value.$ref);
    if (!next.ok) return undefined;
    current = next.target;
  }
  return followLongChain(workspace, start);
}

/**
 * What `followRefs` finds from a schema of `document` that holds `ref`, without a place for that
 * schema: rules that look at every property and report few make one only to report.
 */
export function followRef(
  workspace: Workspace,
  document: SchemaDocument,
  ref: string,
): Place | undefined {
  const next = resolveRef(workspace, document, ref);
  return next.ok ? followRefs(workspace, next.target) : undefined;
}

function followLongChain(workspace: Workspace, start: Place): Place | undefined {
  // Each place in a parsed document is its own object, so the object names the place.
  const seen = new Set<object>();
  let current = start;
  for (;;) {
    const value = current.value;
    if (!isPlainObject(value) || typeof value.$ref !== "string") return current;
    if (seen.has(value)) return undefined;
    seen.add(value);
    const next = resolveRef(workspace, current.document, value.$ref);
    if (!next.ok) return undefined;
    current = next.target;
  }
}
