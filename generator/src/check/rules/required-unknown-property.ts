import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { schemasWithKeyword } from "../../workspace/schema-sites.js";
import type { Rule, RuleReport } from "../rule.js";
import { removeItem } from "../remove-item.js";
import { closestName } from "../suggest.js";

export const requiredUnknownProperty: Rule = {
  id: "required-unknown-property",
  description: '"required" names a property the schema does not describe, usually a typo.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    const schemas = schemasWithKeyword(document, "required");
    for (let i = 0; i < schemas.length; i++) {
      const schema = schemas[i]!;
      if (!Array.isArray(schema.required) || !isPlainObject(schema.properties)) continue;
      const properties = schema.properties;
      const required = schema.required as unknown[];
      // Most required names are among the properties: names and patterns only for the others.
      let patterns: RegExp[] | undefined;
      for (let index = 0; index < required.length; index++) {
        const name = required[index];
        if (typeof name !== "string" || Object.hasOwn(properties, name)) continue;
        patterns ??= isPlainObject(schema.patternProperties)
          ? Object.keys(schema.patternProperties).flatMap(compile)
          : [];
        if (matchesAny(patterns, name)) continue;
        const names = Object.keys(properties);
        const target = {
          pointer: appendPointer(document.file.pointerOf(schema), "required", index),
        };
        const suggestion = closestName(name, names);
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
                appendPointer(document.file.pointerOf(schema), "required"),
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
      }
    }
  },
};

// A loop apart rather than `patterns.some((p) => p.test(name))`: a closure over the loop's
// `name` would make V8 allocate a scope for every required name.
function matchesAny(patterns: readonly RegExp[], name: string): boolean {
  for (let i = 0; i < patterns.length; i++) if (patterns[i]!.test(name)) return true;
  return false;
}

function compile(pattern: string): RegExp[] {
  try {
    return [new RegExp(pattern, "u")];
  } catch {
    return [];
  }
}
