import type { Formatter } from "./format.js";
import { plural, summarize } from "./summary.js";

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request. */
export const formatGithub: Formatter = (input) => {
  const lines = input.diagnostics.map((d) => {
    const properties = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.range.start.line}`,
      `col=${d.range.start.column}`,
      `endLine=${d.range.end.line}`,
      `endColumn=${d.range.end.column}`,
      `title=${escapeProperty(`segkit ${d.rule}`)}`,
    ];
    let message = d.fix ? `${d.message} (fix: ${d.fix.description})` : d.message;
    if (d.expected !== undefined)
      message += ` (expected ${d.expected}, found ${d.actual ?? "something else"})`;
    if (d.hint !== undefined) message += `\n${d.hint}`;
    return `::${d.severity} ${properties.join(",")}::${escapeData(message)}`;
  });
  if (input.summary) {
    lines.push(input.summary.text);
  } else {
    const { errors, warnings } = summarize(input.diagnostics);
    lines.push(
      `segkit check: ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(input.checkedFiles, "file")}`,
    );
  }
  return lines.join("\n") + "\n";
};

// The escaping of GitHub's toolkit (@actions/core, command.ts).
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
