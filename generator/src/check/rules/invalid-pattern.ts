import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { schemasWithKeyword } from "../../workspace/schema-sites.js";
import type { Rule } from "../rule.js";

export const invalidPattern: Rule = {
  id: "invalid-pattern",
  description: 'A "pattern" or "patternProperties" key is not a valid regular expression.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    const patterns = schemasWithKeyword(document, "pattern");
    for (let i = 0; i < patterns.length; i++) {
      const schema = patterns[i]!;
      if (typeof schema.pattern === "string") {
        const error = regexError(schema.pattern);
        if (error)
          context.report({
            document,
            target: { pointer: appendPointer(document.file.pointerOf(schema), "pattern") },
            message: `"pattern" is not a valid regular expression: ${error}`,
          });
      }
    }
    const patternMaps = schemasWithKeyword(document, "patternProperties");
    for (let i = 0; i < patternMaps.length; i++) {
      const schema = patternMaps[i]!;
      if (isPlainObject(schema.patternProperties)) {
        for (const key of Object.keys(schema.patternProperties)) {
          const error = regexError(key);
          if (error) {
            context.report({
              document,
              target: {
                pointer: appendPointer(document.file.pointerOf(schema), "patternProperties", key),
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
    // V8 says "Invalid regular expression: /<pattern>/u: Unterminated group"; the range shows the pattern.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /s, "");
    const text = reason.charAt(0).toLowerCase() + reason.slice(1);
    return acceptedWithoutUnicodeFlag(pattern)
      ? `${text} — validators read patterns in unicode mode (the "u" flag), where only characters with a meaning in regular expressions may be escaped`
      : text;
  }
}

function acceptedWithoutUnicodeFlag(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
