import {
  appendPointer,
  decodePointer,
  isPlainObject,
  valueAt,
} from "../../workspace/json-pointer.js";
import { metaProblems } from "../meta.js";
import type { Rule } from "../rule.js";
import { closestName } from "../suggest.js";

export const unknownKeyword: Rule = {
  id: "unknown-keyword",
  description:
    'A keyword that draft-07 and segkit do not know, such as a misspelt "requried"; it would be silently ignored.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const problem of metaProblems(document)) {
      if (!problem.unknownKey) continue;
      const { name, known } = problem.unknownKey;
      const target = { pointer: appendPointer(problem.pointer, name), part: "key" as const };
      const suggestion = closestName(name, known);
      const holder = valueAt(document.file.value, decodePointer(problem.pointer));
      // Renaming onto a key the object already has would make a duplicate.
      const canRename =
        suggestion !== undefined && isPlainObject(holder) && !Object.hasOwn(holder, suggestion);
      context.report({
        document,
        target,
        message: suggestion
          ? `unknown keyword "${name}"; did you mean "${suggestion}"?`
          : `unknown keyword "${name}" would be ignored; remove it, or prefix it with "x-" to keep it as an annotation`,
        ...(canRename && {
          fix: {
            description: `Rename "${name}" to "${suggestion}"`,
            edits: [{ target, newText: JSON.stringify(suggestion!) }],
          },
        }),
      });
    }
  },
};
