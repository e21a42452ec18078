import type * as Sarif from "sarif";
import type { Diagnostic, Range } from "../check/diagnostic.js";
import type { Formatter } from "./format.js";

const sourceRoot = "%SRCROOT%";

/** SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers. */
export const formatSarif: Formatter = (input) => {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const log: Sarif.Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: input.command === "validate" ? "segkit validate" : "segkit",
            version: input.toolVersion,
            informationUri: "https://github.com/segkit/segkit",
            rules: input.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              defaultConfiguration: {
                level: rule.defaultSeverity === "error" ? "error" : "warning",
              },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: input.diagnostics.map((d) => toResult(d, ruleIndex.get(d.rule))),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
};

function toResult(d: Diagnostic, index: number | undefined): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: d.rule,
    level: d.severity === "error" ? "error" : "warning",
    message: { text: sarifMessage(d) },
    locations: [
      {
        physicalLocation: physical(d.file, d.range),
        logicalLocations: [{ fullyQualifiedName: d.pointer || "/", kind: "element" }],
      },
    ],
  };
  if (index !== undefined) result.ruleIndex = index;
  if (d.expected !== undefined || d.actual !== undefined || d.hint !== undefined)
    result.properties = {
      ...(d.expected !== undefined && { expected: d.expected }),
      ...(d.actual !== undefined && { actual: d.actual }),
      ...(d.hint !== undefined && { hint: d.hint }),
    };
  if (d.related?.length) {
    result.relatedLocations = d.related.map((r, id) => ({
      id,
      physicalLocation: physical(r.file, r.range),
      message: { text: r.message },
    }));
  }
  if (d.fix) {
    result.fixes = [
      {
        description: { text: d.fix.description },
        artifactChanges: [
          {
            artifactLocation: { uri: d.file, uriBaseId: sourceRoot },
            replacements: d.fix.edits.map((edit) => ({
              deletedRegion: region(edit.range),
              insertedContent: { text: edit.newText },
            })),
          },
        ],
      },
    ];
  }
  return result;
}

/** The message, with what was expected and found and the hint when the diagnostic has them. */
function sarifMessage(d: Diagnostic): string {
  const parts = [d.message];
  if (d.expected !== undefined)
    parts.push(`Expected ${d.expected}, found ${d.actual ?? "something else"}.`);
  if (d.hint !== undefined) parts.push(d.hint);
  return parts.length === 1 ? d.message : `${capitalize(parts[0]!)}. ${parts.slice(1).join(" ")}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function physical(file: string, range: Range): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: encodeURI(file), uriBaseId: sourceRoot },
    region: region(range),
  };
}

function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    // An offset below 0 is not known (a large file's blank line).
    ...(range.start.offset >= 0 && {
      charOffset: range.start.offset,
      charLength: range.end.offset - range.start.offset,
    }),
  };
}
