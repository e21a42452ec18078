import pluralize from "pluralize";
import type { Rule, RuleReport } from "../rule.js";
import { collectionNameProblems, maxCollectionNameLength } from "./collection-name.js";

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
    const report: RuleReport = {
      document,
      target,
      message: `collection name "${name}" looks singular; the Objects API recommends plural names, as the collection holds many objects — "${plural}"?`,
    };
    // A plural past 000's length limit would trade this warning for an error.
    if (plural.length <= maxCollectionNameLength) {
      report.fix = {
        description: `Rename the collection to "${plural}"`,
        edits: [{ target, newText: JSON.stringify(plural) }],
      };
    }
    context.report(report);
  },
};
