import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

export const duplicateCollection: Rule = {
  id: "duplicate-collection",
  description: "Two files declare the same collection.",
  defaultSeverity: "error",
  checkWorkspace(context) {
    // The first declaration of each name, and the later ones: nothing made per collection.
    const first = new Map<string, SchemaDocument>();
    let repeats: [string, SchemaDocument][] | undefined;
    const documents = context.workspace.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!;
      if (document.kind !== "collection" || !document.file.parsed) continue;
      const name = (document.file.value as { collection?: unknown }).collection;
      if (typeof name !== "string") continue;
      if (!first.has(name)) first.set(name, document);
      else (repeats ??= []).push([name, document]);
    }
    for (const [name, document] of repeats ?? []) {
      const declared = first.get(name)!;
      context.report({
        document,
        target: { pointer: "/collection" },
        message: `collection "${name}" is already declared in ${declared.file.name}; merge the two files or rename one collection`,
        related: [
          {
            document: declared,
            target: { pointer: "/collection" },
            message: `"${name}" is first declared here`,
          },
        ],
      });
    }
  },
};
