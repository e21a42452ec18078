import { codeFrameColumns } from "@babel/code-frame";
import { styleText } from "node:util";
import type { Diagnostic } from "../check/diagnostic.js";
import type { Formatter, ReportInput } from "./format.js";
import { plural, summarize } from "./summary.js";

/** For people: a located headline, a code frame with the span underlined, the fix, a summary. */
export const formatPretty: Formatter = (input) => {
  // validateStream: false — `color` was decided by the caller (--color, NO_COLOR, a terminal),
  // and Node 20 would otherwise drop single styles when stdout is a pipe.
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    input.color ? styleText(style, text, { validateStream: false }) : text;
  const blocks = input.diagnostics.map((d) => {
    const severity =
      d.severity === "error"
        ? paint(["bold", "red"], "error")
        : paint(["bold", "yellow"], "warning");
    const lines = [
      `${paint("bold", `${d.file}:${d.range.start.line}:${d.range.start.column}`)} ${severity} ${d.message} ${paint("dim", `[${d.rule}]`)}`,
    ];
    const frame = codeFrame(input, d);
    if (frame) lines.push(indent(frame));
    if (d.expected !== undefined)
      lines.push(
        `  ${paint("dim", "expected:")} ${d.expected}\n  ${paint("dim", "  actual:")} ${d.actual ?? "something else"}`,
      );
    if (d.hint !== undefined) lines.push(`  ${paint("cyan", "hint:")} ${d.hint}`);
    for (const related of d.related ?? []) {
      lines.push(
        `  ${paint("dim", "note:")} ${related.message} at ${related.file}:${related.range.start.line}:${related.range.start.column}`,
      );
    }
    if (d.fix) lines.push(`  ${paint("green", "fix:")} ${d.fix.description} (segkit check --fix)`);
    return lines.join("\n");
  });
  return blocks.join("\n\n") + (blocks.length ? "\n\n" : "") + summaryLine(input, paint) + "\n";
};

function summaryLine(
  input: ReportInput,
  paint: (style: Parameters<typeof styleText>[0], text: string) => string,
): string {
  if (input.summary) {
    return paint(input.summary.failed ? ["bold", "red"] : ["bold", "green"], input.summary.text);
  }
  const { errors, warnings, files, fixable } = summarize(input.diagnostics);
  const checked = plural(input.checkedFiles, "file");
  if (errors + warnings === 0) return paint("green", `✔ ${checked} checked, no problems`);
  const counts = `${plural(errors + warnings, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) in ${plural(files, "file")} of ${checked} checked`;
  const fixes = fixable ? `; ${fixable} fixable with --fix` : "";
  return paint(errors ? ["bold", "red"] : ["bold", "yellow"], `✖ ${counts}${fixes}`);
}

function codeFrame(input: ReportInput, d: Diagnostic): string | undefined {
  const excerpt = input.excerpt?.(d);
  if (excerpt) return excerptFrame(input, d, excerpt);
  const text = input.readText(d.file);
  if (text === undefined || text === "") return undefined;
  const { start } = d.range;
  let { end } = d.range;
  // Long spans (a whole object) are marked on their first line only.
  if (end.line !== start.line) {
    const firstLine = text.split(/\r\n|\r|\n/, start.line)[start.line - 1] ?? "";
    end = { ...end, line: start.line, column: firstLine.length + 1 };
  }
  // @babel/code-frame counts columns from 0.
  return codeFrameColumns(
    text,
    {
      start: { line: start.line, column: start.column - 1 },
      end: { line: end.line, column: Math.max(end.column - 1, start.column) },
    },
    // forceColor: @babel/code-frame asks the terminal itself unless told.
    { highlightCode: input.color, forceColor: input.color, linesAbove: 1, linesBelow: 1 },
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`.trimEnd())
    .join("\n");
}

/**
 * A frame of one line (or a window of a long one) that the report has without the file: the line
 * number, the text, and the span underlined, as @babel/code-frame draws them.
 */
function excerptFrame(
  input: ReportInput,
  d: Diagnostic,
  excerpt: { text: string; firstColumn: number },
): string {
  const { start, end } = d.range;
  const lineNumber = String(start.line);
  const from = Math.max(0, start.column - excerpt.firstColumn);
  const to =
    end.line === start.line
      ? Math.min(excerpt.text.length, end.column - excerpt.firstColumn)
      : excerpt.text.length;
  // Tabs and control characters would shift the underline; they are shown as one space each.
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  const text = excerpt.text.replace(/[\t\x00-\x1f\x7f]/g, " ");
  const marker = " ".repeat(from) + "^".repeat(Math.max(1, to - from));
  const gutter = " ".repeat(lineNumber.length);
  const paintMarker = (t: string) =>
    input.color ? styleText(["bold", "red"], t, { validateStream: false }) : t;
  // A window that starts inside the line is marked, and the underline moved with it.
  const cut = excerpt.firstColumn > 1;
  return [
    `> ${lineNumber} | ${cut ? "…" : ""}${text}`,
    `  ${gutter} | ${cut ? " " : ""}${paintMarker(marker)}`,
  ].join("\n");
}
