import {
  appendPointer,
  decodePointer,
  isPlainObject,
  valueAt,
} from "../../workspace/json-pointer.js";
import { metaProblems } from "../meta.js";
import type { Rule, RuleReport } from "../rule.js";
import { closestName } from "../suggest.js";

/** Keywords people bring from OpenAPI and later drafts, and what draft-07 says instead. */
const foreignKeywords: Record<string, string> = {
  $defs:
    'is the 2019-09 name of "definitions"; rename it to "definitions", and the $refs that point into it',
  nullable:
    'comes from OpenAPI; in JSON Schema, add "null" to the "type", as in ["string", "null"]',
  example: 'comes from OpenAPI; JSON Schema has "examples", a list',
  dependentRequired: 'is a 2019-09 keyword; draft-07 has "dependencies"',
  dependentSchemas: 'is a 2019-09 keyword; draft-07 has "dependencies"',
  prefixItems: 'is a 2020-12 keyword; draft-07 writes the list of schemas under "items"',
  unevaluatedProperties: 'is a 2019-09 keyword; draft-07 has "additionalProperties"',
};

export const unknownKeyword: Rule = {
  id: "unknown-keyword",
  description:
    'A keyword that draft-07 and segkit do not know, such as a misspelt "requried"; it would be silently ignored.',
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const problem of metaProblems(document)) {
      if (!problem.unknownKey) continue;
      const { name, known } = problem.unknownKey;
      const pointer = appendPointer(problem.pointer, name);
      const target = { pointer, part: "key" as const };
      const holder = valueAt(document.file.value, decodePointer(problem.pointer));
      const has = (key: string) => isPlainObject(holder) && Object.hasOwn(holder, key);
      const report: RuleReport = { document, target, message: "" };
      const foreign = Object.hasOwn(foreignKeywords, name) ? foreignKeywords[name] : undefined;
      const suggestion = foreign ? undefined : closestName(name, known);
      if (foreign) {
        report.message = `unknown keyword "${name}": it ${foreign}`;
        if (name === "example" && !has("examples")) {
          const value = document.file.rangeOf(pointer);
          const text = document.file.text.slice(value.start.offset, value.end.offset);
          report.fix = {
            description: 'Make it "examples", a list',
            edits: [
              { target, newText: '"examples"' },
              { target: { pointer }, newText: `[${text}]` },
            ],
          };
        }
      } else if (!suggestion) {
        report.message = `unknown keyword "${name}" would be ignored; remove it, or prefix it with "x-" to keep it as an annotation`;
      } else if (has(suggestion)) {
        // Renaming onto a key the object already has would make a duplicate.
        report.message = `unknown keyword "${name}", probably a misspelt "${suggestion}", which this object already has — remove one of them`;
      } else {
        report.message = `unknown keyword "${name}"; did you mean "${suggestion}"?`;
        report.fix = {
          description: `Rename "${name}" to "${suggestion}"`,
          edits: [{ target, newText: JSON.stringify(suggestion) }],
        };
      }
      context.report(report);
    }
  },
};
