import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { resolveRef } from "../../workspace/refs.js";
import { schemaSites } from "../../workspace/schema-sites.js";
import type { Rule } from "../rule.js";

export const unresolvedRef: Rule = {
  id: "unresolved-ref",
  description: "A $ref points at a file or a place that does not exist.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const site of schemaSites(document)) {
      if (!isPlainObject(site.value) || typeof site.value.$ref !== "string") continue;
      const resolution = resolveRef(context.workspace, document, site.value.$ref);
      if (resolution.ok) continue;
      context.report({
        document,
        target: { pointer: appendPointer(site.pointer, "$ref") },
        message: `$ref "${site.value.$ref}" does not resolve: ${resolution.reason}`,
      });
    }
  },
};
