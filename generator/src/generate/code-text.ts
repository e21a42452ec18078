/**
 * The one way schema text reaches generated files, besides identifiers (naming/identifiers.ts):
 * string literals, comments, object keys, and Markdown. Nothing else pastes schema text.
 */

/**
 * A TypeScript string literal of any text: JSON's escaping (quotes, backslashes, control
 * characters, lone surrogates), plus U+2028 and U+2029 escaped for older parsers and readers.
 */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

/**
 * Text safe inside a `/** … *\/` comment: `*\/` cannot end it early, and line breaks of every kind
 * become plain newlines (the comment printer prefixes each line with ` * `).
 */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replaceAll("*/", "*\\/")
    .trim();
}

const bareKey = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object or interface key: bare when it is a plain identifier, a string literal otherwise. */
export function propertyKey(name: string): string {
  return bareKey.test(name) ? name : stringLiteral(name);
}

/**
 * Text for Markdown on one line (a table cell, a heading, a paragraph): no line breaks, and
 * Markdown's punctuation and HTML escaped, so that a description can neither break the table nor
 * add markup. `_` is escaped where it could open or close emphasis (`__proto__`), not inside a
 * word (`review_count`); a leading `#`, `>`, `-`, `+`, `=` or `1.` would start a block.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\r\n?|[\n\u2028\u2029]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/[\\`*[\]|~]/g, "\\$&")
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    .trim()
    .replace(/^[#>+=-]/, "\\$&")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Markdown inline code of any text (backticks inside are fenced by longer runs). */
export function markdownCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/\r\n?|\n/g, " ")}${fence}`;
}
