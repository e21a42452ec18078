import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { resolveRef } from "../../workspace/refs.js";
import { schemaSites } from "../../workspace/schema-sites.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

export const refCycle: Rule = {
  id: "ref-cycle",
  description: "A chain of $ref leads back to itself without ever reaching a schema.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const site of schemaSites(document)) {
      if (!isPlainObject(site.value) || typeof site.value.$ref !== "string") continue;
      const chain = refChain(context.workspace, document, site.pointer, site.value.$ref);
      if (!chain) continue;
      context.report({
        document,
        target: { pointer: appendPointer(site.pointer, "$ref") },
        message: `$ref cycle: ${chain.join(" → ")}; each of these only refers to the next, so no schema is ever reached — make one of them a real schema`,
      });
    }
  },
};

/** The names along a cycle that starts and ends at this `$ref`, or undefined when it reaches a schema. */
function refChain(
  workspace: Parameters<typeof resolveRef>[0],
  start: SchemaDocument,
  startPointer: string,
  startRef: string,
): string[] | undefined {
  const startKey = `${start.file.path}#${startPointer}`;
  const label = (document: SchemaDocument, pointer: string) =>
    document === start ? `#${pointer}` : `${document.file.name}#${pointer}`;
  const names = [label(start, startPointer)];
  const seen = new Set([startKey]);
  let document = start;
  let ref = startRef;
  for (;;) {
    const resolution = resolveRef(workspace, document, ref);
    if (!resolution.ok) return undefined;
    const { target } = resolution;
    const key = `${target.document.file.path}#${target.pointer}`;
    names.push(label(target.document, target.pointer));
    if (key === startKey) return names;
    if (seen.has(key)) return undefined; // a cycle this $ref leads into, reported at its own members
    seen.add(key);
    if (!isPlainObject(target.value) || typeof target.value.$ref !== "string") return undefined;
    document = target.document;
    ref = target.value.$ref;
  }
}
