import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

export const duplicateCollection: Rule = {
  id: "duplicate-collection",
  description: "Two files declare the same collection.",
  defaultSeverity: "error",
  checkWorkspace(context) {
    const byName = new Map<string, SchemaDocument[]>();
    const documents = context.workspace.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!;
      if (document.kind !== "collection" || !document.file.parsed) continue;
      const name = (document.file.value as { collection?: unknown }).collection;
      if (typeof name !== "string") continue;
      byName.set(name, [...(byName.get(name) ?? []), document]);
    }
    for (const [name, documents] of byName) {
      const [first, ...others] = documents;
      for (const document of others) {
        context.report({
          document,
          target: { pointer: "/collection" },
          message: `collection "${name}" is already declared in ${first!.file.name}; merge the two files or rename one collection`,
          related: [
            {
              document: first!,
              target: { pointer: "/collection" },
              message: `"${name}" is first declared here`,
            },
          ],
        });
      }
    }
  },
};
