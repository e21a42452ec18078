import type { Diagnostic } from "../check/diagnostic.js";
import type { Rule } from "../check/rule.js";

/** What a report says about a rule: SARIF lists them. */
export type RuleInfo = Pick<Rule, "id" | "description" | "defaultSeverity">;

/** What every formatter gets: the diagnostics and how to show them. */
export interface ReportInput {
  diagnostics: readonly Diagnostic[];
  /** The text of a file by its diagnostic name, for code frames. */
  readText(file: string): string | undefined;
  /** The rules that ran, for formats that describe them (SARIF). */
  rules: readonly RuleInfo[];
  /** How many files were checked. */
  checkedFiles: number;
  color: boolean;
  toolVersion: string;
  /** The command that found the diagnostics, as reports name it. */
  command?: "check" | "validate";
  /**
   * A diagnostic's line, when the file is too large to keep (`segkit validate`): its text (a window
   * of it when long) and the column that text starts at.
   */
  excerpt?(diagnostic: Diagnostic): { text: string; firstColumn: number } | undefined;
  /** The summary, when the command has its own: a line for people and data for machines. */
  summary?: { text: string; data: Record<string, unknown>; failed: boolean };
  /** Each file that was looked at, for formats with a result per file (JUnit). */
  files?: readonly FileResult[];
}

/** One file's result, for formats that list files. */
export interface FileResult {
  file: string;
  errors: number;
  warnings: number;
  seconds: number;
  /** Why the file could not be read to its end. */
  unreadable?: string;
}

export type Formatter = (input: ReportInput) => string;
