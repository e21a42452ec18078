import type { Rule, RuleReport } from "../rule.js";

/** 000: "Collection must consist of lowercase letters and underscores and maximum of 100 characters. Can not begin or end with an underscore." */
export const maxCollectionNameLength = 100;

export const collectionName: Rule = {
  id: "collection-name",
  description:
    "The collection name breaks the Objects API's naming rule: lowercase letters and underscores, at most 100 characters, no leading or trailing underscore.",
  defaultSeverity: "error",
  kinds: ["collection"],
  checkDocument(document, context) {
    const name = (document.file.value as { collection?: unknown }).collection;
    if (typeof name !== "string") return; // meta-schema reports it
    const problems = collectionNameProblems(name);
    if (problems.length === 0) return;
    const target = { pointer: "/collection" };
    const suggestion = suggestCollectionName(name);
    const fix =
      suggestion !== undefined && suggestion !== name
        ? {
            description: `Rename the collection to "${suggestion}"`,
            edits: [{ target, newText: JSON.stringify(suggestion) }],
          }
        : undefined;
    const report = (message: string) => {
      const entry: RuleReport = { document, target, message };
      if (fix) entry.fix = fix;
      context.report(entry);
    };
    for (const reason of problems) report(reason);
  },
};

/** Lowercase letters and underscores, neither first nor last an underscore. */
const validName = /^[a-z](?:[a-z_]*[a-z])?$/;

/** Every reason a collection name breaks 000's rule, one sentence each; `[]` when it is valid. */
export function collectionNameProblems(name: string): string[] {
  // The usual valid name passes at once; the checks below each look for one kind of mistake.
  if (validName.test(name) && name.length <= maxCollectionNameLength) return [];
  if (name === "")
    return ['the collection name is empty; it becomes the warehouse table name, e.g. "rooms"'];
  const problems: string[] = [];
  const uppercase = unique(name.match(/[A-Z]/g));
  if (uppercase.length > 0)
    problems.push(
      `collection name "${name}" has uppercase letters (${uppercase.join(", ")}); the Objects API takes lowercase letters and underscores only`,
    );
  const digits = unique(name.match(/[0-9]/g));
  if (digits.length > 0)
    problems.push(
      `collection name "${name}" has digits (${digits.join(", ")}); the Objects API takes lowercase letters and underscores only — spell the number out or drop it`,
    );
  if (name.includes("-"))
    problems.push(`collection name "${name}" has a hyphen; use an underscore instead`);
  const others = unique(name.match(/[^a-zA-Z0-9_-]/gu)).map((c) => JSON.stringify(c));
  if (others.length > 0)
    problems.push(
      `collection name "${name}" has characters the Objects API does not allow (${others.join(", ")}); use lowercase letters and underscores only`,
    );
  if (name.startsWith("_"))
    problems.push(
      `collection name "${name}" starts with an underscore, which the Objects API does not allow`,
    );
  if (name.endsWith("_"))
    problems.push(
      `collection name "${name}" ends with an underscore, which the Objects API does not allow`,
    );
  if (name.length > maxCollectionNameLength)
    problems.push(
      `collection name "${name.slice(0, 20)}…" is ${name.length} characters long; the Objects API allows at most ${maxCollectionNameLength} — choose a shorter name`,
    );
  return problems;
}

/** A valid name close to `name`, or undefined when nothing sensible is left of it. */
export function suggestCollectionName(name: string): string | undefined {
  const words = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "") // "café" → "cafe", not "caf"
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\s.\-_0-9]/g, "")
    .split(/[\s.\-_0-9]+/)
    .filter((word) => word !== "");
  const suggestion = words.join("_");
  // Shortening a name is a choice of words only its author can make.
  if (suggestion === "" || suggestion.length > maxCollectionNameLength) return undefined;
  return suggestion;
}

function unique(matches: RegExpMatchArray | null): string[] {
  return [...new Set(matches ?? [])];
}
