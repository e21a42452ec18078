/** A place in a text: 1-based line and column (UTF-16 code units, as in LSP), and the 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of text; `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = "error" | "warning";

/** Replace the text in `range` with `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** What applying the fix does, e.g. `Rename "reviewCount" to "review_count"`. */
  description: string;
  /** Edits in one file, never overlapping. */
  edits: TextEdit[];
}

/** Another place that explains the diagnostic, e.g. the first declaration of a duplicate. */
export interface RelatedLocation {
  file: string;
  range: Range;
  pointer: string;
  message: string;
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** Path of the file, relative to the workspace root, with `/` separators. */
  file: string;
  range: Range;
  /** JSON pointer (RFC 6901) of the value or key the diagnostic is about; `""` for the whole file. */
  pointer: string;
  fix?: Fix;
  related?: RelatedLocation[];
  /** What the value should be, and what it is (`segkit validate`). */
  expected?: string;
  actual?: string;
  /** What to do, when the message alone does not say (`segkit validate`). */
  hint?: string;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1 };

/** The one order diagnostics are shown in: file, position, severity, rule; then the order rules reported them (the sort is stable). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.offset - b.range.start.offset ||
    a.range.end.offset - b.range.end.offset ||
    severityOrder[a.severity] - severityOrder[b.severity] ||
    compareStrings(a.rule, b.rule)
  );
}

/** Code-unit order, independent of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
