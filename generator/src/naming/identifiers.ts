import { camelCase, pascalCase, snakeCase } from "change-case";
import pluralize from "pluralize";
import { compareStrings } from "../check/diagnostic.js";

/**
 * The one place schema names become TypeScript identifiers. The checker uses it to warn about
 * collisions; the generator uses it to name types and functions. Raw names never reach code
 * any other way.
 */

export type IdentifierStyle = "pascal" | "camel";

/** Words that cannot name a value in strict-mode TypeScript. */
const reservedWords = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with implements interface let package private protected public " +
    "static yield await any boolean number string symbol never unknown object undefined arguments eval"
  ).split(" "),
);

/** A readable identifier for any name: `"Order Completed"` → `OrderCompleted`, `"2fa"` → `_2fa`. */
export function toIdentifier(raw: string, style: IdentifierStyle): string {
  let name = plainWords.test(raw) ? joinPlainWords(raw, style) : changeCase(raw, style);
  if (name === "") name = style === "pascal" ? "Unnamed" : "unnamed";
  if (/^[0-9]/.test(name)) name = "_" + name;
  if (reservedWords.has(name)) name = name + "_";
  return name;
}

function changeCase(raw: string, style: IdentifierStyle): string {
  const options = { mergeAmbiguousCharacters: true };
  return style === "pascal" ? pascalCase(raw, options) : camelCase(raw, options);
}

/**
 * Names as most are written: words of ASCII letters, each lowercase or capitalized, between single
 * spaces or underscores (`Order Completed`, `order_items`). change-case splits them into exactly
 * those words; its Unicode-aware splitting costs more than the rest of a check of a big tracking
 * plan, so these are joined here, with the same case mapping (`identifiers.test.ts` holds the two
 * side by side).
 */
const plainWords = /^[A-Za-z][a-z]*(?:[ _][A-Za-z][a-z]*)*$/;

function joinPlainWords(raw: string, style: IdentifierStyle): string {
  let name = "";
  let start = 0;
  for (let end = 0; end <= raw.length; end++) {
    if (end < raw.length && raw[end] !== " " && raw[end] !== "_") continue;
    // A word is a letter and lowercase letters: only its first letter can change case.
    const first = raw[start]!;
    const initial = style === "camel" && start === 0 ? lowerLetter(first) : upperLetter(first);
    name += initial + raw.slice(start + 1, end);
    start = end + 1;
  }
  return name;
}

// An ASCII letter maps as in every locale, but for i and I (Turkish and Azeri have İ and ı):
// those go through the locale, as change-case's do, and the rest skip ICU.
function upperLetter(letter: string): string {
  return letter === "i" ? letter.toLocaleUpperCase() : letter.toUpperCase();
}

function lowerLetter(letter: string): string {
  return letter === "I" ? letter.toLocaleLowerCase() : letter.toLowerCase();
}

/**
 * The type name for one object of a collection: `rooms` → `Room`, `order_items` → `OrderItem`.
 * A caller naming many collections may pass a `singular` that remembers its words.
 */
export function collectionTypeName(
  collection: string,
  singular: (word: string) => string = pluralize.singular,
): string {
  const lastWord = collection.lastIndexOf("_") + 1;
  return toIdentifier(
    collection.slice(0, lastWord) + singular(collection.slice(lastWord)),
    "pascal",
  );
}

/**
 * Identifiers for a set of names, each kept distinct. Names that share an identifier are ordered
 * by their raw text; the first keeps it and the others get the smallest free suffix 2, 3, …
 */
export function assignIdentifiers(
  names: Iterable<string>,
  convert: (raw: string) => string,
): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const raw of new Set(names)) {
    const base = convert(raw);
    const group = groups.get(base);
    if (group) group.push(raw);
    else groups.set(base, [raw]);
  }
  const taken = new Set(groups.keys());
  const result = new Map<string, string>();
  for (const [base, raws] of [...groups].sort(([a], [b]) => compareStrings(a, b))) {
    raws.sort(compareStrings);
    result.set(raws[0]!, base);
    let suffix = 2;
    for (const raw of raws.slice(1)) {
      while (taken.has(`${base}${suffix}`)) suffix++;
      const name = `${base}${suffix}`;
      taken.add(name);
      result.set(raw, name);
    }
  }
  return result;
}

const snakeCasePattern = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function isSnakeCase(name: string): boolean {
  return snakeCasePattern.test(name);
}

/** The snake_case form of a property name, or undefined when none can be made from it. */
export function toSnakeCase(name: string): string | undefined {
  const snake = snakeCase(name);
  return isSnakeCase(snake) ? snake : undefined;
}
