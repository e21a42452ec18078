import type { Rule } from "../rule.js";

export const unreadableFile: Rule = {
  id: "unreadable-file",
  description: "The file is empty, binary, not UTF-8, or too large to be a schema file.",
  defaultSeverity: "error",
  acceptsUnparsed: true,
  checkDocument(document, context) {
    const problem = document.file.readProblem;
    if (!problem) return;
    context.report({
      document,
      target: { pointer: "", range: document.file.rangeAt(0, 0) },
      message: problem.message,
    });
  },
};
