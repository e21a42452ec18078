import { isPlainObject } from "../workspace/json-pointer.js";
import { resolveRef, type RefTarget } from "../workspace/refs.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";

/**
 * Follows `$ref` from a schema until a schema without one: the schema that actually applies
 * (draft-07 ignores keywords beside `$ref`). Undefined when a reference does not resolve or loops;
 * unresolved-ref and ref-cycle report those.
 */
export function followRefs(workspace: Workspace, start: RefTarget): RefTarget | undefined {
  // Each place in a parsed document is its own object, so the object names the place.
  let seen: Set<object> | undefined; // most schemas hold no $ref: no set for them
  let current = start;
  for (;;) {
    const value = current.value;
    if (!isPlainObject(value) || typeof value.$ref !== "string") return current;
    seen ??= new Set();
    if (seen.has(value)) return undefined;
    seen.add(value);
    const next = resolveRef(workspace, current.document, value.$ref);
    if (!next.ok) return undefined;
    current = next.target;
  }
}

export function siteTarget(document: SchemaDocument, pointer: string, value: unknown): RefTarget {
  return { document, pointer, value };
}
