import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { sitesWithKeyword } from "../../workspace/schema-sites.js";
import type { Rule, RuleReport } from "../rule.js";
import { removeItem } from "../remove-item.js";
import { closestName } from "../suggest.js";

export const requiredUnknownProperty: Rule = {
  id: "required-unknown-property",
  description: '"required" names a property the schema does not describe, usually a typo.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const site of sitesWithKeyword(document, "required")) {
      const schema = site.value;
      if (
        !isPlainObject(schema) ||
        !Array.isArray(schema.required) ||
        !isPlainObject(schema.properties)
      )
        continue;
      const names = Object.keys(schema.properties);
      const patterns = isPlainObject(schema.patternProperties)
        ? Object.keys(schema.patternProperties).flatMap(compile)
        : [];
      schema.required.forEach((name, index) => {
        if (typeof name !== "string" || names.includes(name) || patterns.some((p) => p.test(name)))
          return;
        const target = { pointer: appendPointer(site.pointer, "required", index) };
        const suggestion = closestName(name, names);
        const required = schema.required as unknown[];
        const report: RuleReport = {
          document,
          target,
          message: `"required" names "${name}", which is not among the properties; add it to "properties" or remove it from "required"`,
        };
        if (suggestion && required.includes(suggestion)) {
          report.message = `"required" names "${name}", which is not among the properties; it looks like a misspelt "${suggestion}", which is already required — remove it`;
          report.fix = {
            description: `Remove "${name}" from "required"`,
            edits: [
              removeItem(
                document.file,
                appendPointer(site.pointer, "required"),
                index,
                required.length,
              ),
            ],
          };
        } else if (suggestion) {
          report.message = `"required" names "${name}", which is not among the properties; did you mean "${suggestion}"?`;
          report.fix = {
            description: `Change "${name}" to "${suggestion}"`,
            edits: [{ target, newText: JSON.stringify(suggestion) }],
          };
        }
        context.report(report);
      });
    }
  },
};

function compile(pattern: string): RegExp[] {
  try {
    return [new RegExp(pattern, "u")];
  } catch {
    return [];
  }
}
