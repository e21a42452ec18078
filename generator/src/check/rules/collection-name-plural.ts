import pluralize from "pluralize";
import type { Rule } from "../rule.js";
import { collectionNameProblems } from "./collection-name.js";

export const collectionNamePlural: Rule = {
  id: "collection-name-plural",
  description:
    'The collection name looks singular; the Objects API recommends plural names such as "rooms".',
  defaultSeverity: "warning",
  kinds: ["collection"],
  checkDocument(document, context) {
    const name = (document.file.value as { collection?: unknown }).collection;
    if (typeof name !== "string" || collectionNameProblems(name).length > 0) return;
    const words = name.split("_");
    const last = words.pop()!;
    if (pluralize.isPlural(last)) return;
    const plural = [...words, pluralize.plural(last)].join("_");
    const target = { pointer: "/collection" };
    context.report({
      document,
      target,
      message: `collection name "${name}" looks singular; the Objects API recommends plural names, as the collection holds many objects — "${plural}"?`,
      fix: {
        description: `Rename the collection to "${plural}"`,
        edits: [{ target, newText: JSON.stringify(plural) }],
      },
    });
  },
};
