import { metaProblems } from "../meta.js";
import type { Rule } from "../rule.js";

const metaSchemaNames = { collection: "collection", "tracking-plan": "tracking plan" } as const;

export const metaSchema: Rule = {
  id: "meta-schema",
  description:
    "The file does not have the shape of its kind (collection or tracking plan): a missing or mistyped keyword.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const problem of metaProblems(document)) {
      if (problem.unknownKey) continue; // reported by unknown-keyword, with a suggestion
      context.report({
        document,
        target: { pointer: problem.pointer },
        message: `${problem.message} (see the ${metaSchemaNames[document.kind]} file format in the README)`,
      });
    }
  },
};
