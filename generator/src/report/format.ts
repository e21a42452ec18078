import type { Diagnostic } from "../check/diagnostic.js";
import type { Rule } from "../check/rule.js";

/** What every formatter gets: the diagnostics and how to show them. */
export interface ReportInput {
  diagnostics: readonly Diagnostic[];
  /** The text of a file by its diagnostic name, for code frames. */
  readText(file: string): string | undefined;
  /** The rules that ran, for formats that describe them (SARIF). */
  rules: readonly Rule[];
  /** How many files were checked. */
  checkedFiles: number;
  color: boolean;
  toolVersion: string;
}

export type Formatter = (input: ReportInput) => string;
