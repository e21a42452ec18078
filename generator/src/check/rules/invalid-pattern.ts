import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { schemaSites } from "../../workspace/schema-sites.js";
import type { Rule } from "../rule.js";

export const invalidPattern: Rule = {
  id: "invalid-pattern",
  description: 'A "pattern" or "patternProperties" key is not a valid regular expression.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const site of schemaSites(document)) {
      const schema = site.value;
      if (!isPlainObject(schema)) continue;
      if (typeof schema.pattern === "string") {
        const error = regexError(schema.pattern);
        if (error)
          context.report({
            document,
            target: { pointer: appendPointer(site.pointer, "pattern") },
            message: `"pattern" is not a valid regular expression: ${error}`,
          });
      }
      if (isPlainObject(schema.patternProperties)) {
        for (const key of Object.keys(schema.patternProperties)) {
          const error = regexError(key);
          if (error) {
            context.report({
              document,
              target: {
                pointer: appendPointer(site.pointer, "patternProperties", key),
                part: "key",
              },
              message: `"patternProperties" key is not a valid regular expression: ${error}`,
            });
          }
        }
      }
    }
  },
};

/** Validators compile patterns with the `u` flag, as ajv does. */
function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, "");
  }
}
