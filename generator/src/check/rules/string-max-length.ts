import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { schemaSites } from "../../workspace/schema-sites.js";
import type { Rule } from "../rule.js";

/** 000: "Each value must be less than 32KB in size." */
export const maxPropertyValueBytes = 32 * 1024;

export const stringMaxLength: Rule = {
  id: "string-max-length",
  description:
    "A collection property's maxLength lets values reach 32 KB, which the Objects API does not accept.",
  defaultSeverity: "error",
  kinds: ["collection"],
  checkDocument(document, context) {
    const limit = maxPropertyValueBytes - 1;
    for (const site of schemaSites(document)) {
      if (site.role !== "collection-property" || !isPlainObject(site.value)) continue;
      const maxLength = site.value.maxLength;
      if (typeof maxLength !== "number" || maxLength <= limit) continue;
      const target = { pointer: appendPointer(site.pointer, "maxLength") };
      context.report({
        document,
        target,
        message: `maxLength ${maxLength} lets "${site.name}" reach 32 KB; the Objects API takes values under 32 KB (${maxPropertyValueBytes} bytes), so use at most ${limit} — fewer for text beyond ASCII, which takes 2 to 4 bytes a character`,
        fix: {
          description: `Set maxLength to ${limit}`,
          edits: [{ target, newText: String(limit) }],
        },
      });
    }
  },
};
