import type { Diagnostic } from "../check/diagnostic.js";
import type { FileResult, Formatter } from "./format.js";

/**
 * JUnit XML, as CI systems (GitHub Actions test reporters, GitLab, Jenkins) read it: one test
 * case per file; a file with errors fails, with each error in the failure's text; a file that
 * could not be read is an error; warnings go to the case's system-out.
 */
export const formatJunit: Formatter = (input) => {
  const command = `segkit ${input.command ?? "check"}`;
  const files: readonly FileResult[] =
    input.files ??
    [...new Set(input.diagnostics.map((d) => d.file))].map((file) => ({
      file,
      errors: input.diagnostics.filter((d) => d.file === file && d.severity === "error").length,
      warnings: input.diagnostics.filter((d) => d.file === file && d.severity === "warning").length,
      seconds: 0,
    }));
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of input.diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const failures = files.filter((f) => f.errors > 0 && f.unreadable === undefined).length;
  const errors = files.filter((f) => f.unreadable !== undefined).length;
  const seconds = files.reduce((sum, f) => sum + f.seconds, 0);
  const cases = files.map((f) => {
    const shown = byFile.get(f.file) ?? [];
    const errorsShown = shown.filter((d) => d.severity === "error");
    const warningsShown = shown.filter((d) => d.severity === "warning");
    const attributes = `name="${attribute(f.file)}" classname="${attribute(command)}" file="${attribute(f.file)}" time="${f.seconds.toFixed(3)}"`;
    const body: string[] = [];
    if (f.unreadable !== undefined) {
      body.push(
        `      <error message="${attribute(f.unreadable)}" type="unreadable">${text(lines(errorsShown))}</error>`,
      );
    } else if (f.errors > 0) {
      const more = f.errors - errorsShown.length;
      const message = `${f.errors} error${f.errors === 1 ? "" : "s"}`;
      body.push(
        `      <failure message="${attribute(message)}" type="${attribute(command)}">${text(lines(errorsShown) + (more > 0 ? `\n… and ${more} more (--max-errors)` : ""))}</failure>`,
      );
    }
    if (warningsShown.length > 0)
      body.push(`      <system-out>${text(lines(warningsShown))}</system-out>`);
    return body.length === 0
      ? `    <testcase ${attributes}/>`
      : `    <testcase ${attributes}>\n${body.join("\n")}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attribute(command)}" tests="${files.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${attribute(command)}" tests="${files.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
};

function lines(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = `${d.file}:${d.range.start.line}:${d.range.start.column}`;
      const detail =
        d.expected !== undefined
          ? ` (expected ${d.expected}, found ${d.actual ?? "something else"})`
          : "";
      return `${where} ${d.severity} [${d.rule}] ${d.pointer ? `${d.pointer}: ` : ""}${d.message}${detail}`;
    })
    .join("\n");
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they are shown as U+XXXX. */
function xmlSafe(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

function text(value: string): string {
  return xmlSafe(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function attribute(value: string): string {
  return text(value)
    .replaceAll('"', "&quot;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;")
    .replaceAll("\t", "&#9;");
}
