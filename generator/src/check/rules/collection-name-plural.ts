import pluralize from "pluralize";
import type { Rule, RuleReport } from "../rule.js";
import { collectionNameProblems, maxCollectionNameLength } from "./collection-name.js";

export const collectionNamePlural: Rule = {
  id: "collection-name-plural",
  description:
    'The collection name looks singular; the Objects API recommends plural names such as "rooms".',
  defaultSeverity: "warning",
  // A workspace rule so that each last word is judged once: names share them ("…_orders"), and
  // pluralize runs a word through some forty regular expressions.
  checkWorkspace(context) {
    const plural = new Map<string, boolean>();
    const isPlural = (word: string) => {
      let answer = plural.get(word);
      if (answer === undefined) plural.set(word, (answer = pluralize.isPlural(word)));
      return answer;
    };
    const documents = context.workspace.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!;
      if (document.kind !== "collection" || !document.file.parsed) continue;
      const name = (document.file.value as { collection?: unknown }).collection;
      if (typeof name !== "string" || collectionNameProblems(name).length > 0) continue;
      const lastWord = name.lastIndexOf("_") + 1;
      const last = name.slice(lastWord);
      if (isPlural(last)) continue;
      const suggestion = name.slice(0, lastWord) + pluralize.plural(last);
      const target = { pointer: "/collection" };
      const report: RuleReport = {
        document,
        target,
        message: `collection name "${name}" looks singular; the Objects API recommends plural names, as the collection holds many objects — "${suggestion}"?`,
      };
      // A plural past 000's length limit would trade this warning for an error.
      if (suggestion.length <= maxCollectionNameLength) {
        report.fix = {
          description: `Rename the collection to "${suggestion}"`,
          edits: [{ target, newText: JSON.stringify(suggestion) }],
        };
      }
      context.report(report);
    }
  },
};
