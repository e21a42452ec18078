import type { Diagnostic } from "../check/diagnostic.js";

export interface Summary {
  errors: number;
  warnings: number;
  /** Files with at least one diagnostic. */
  files: number;
  fixable: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  return {
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    files: new Set(diagnostics.map((d) => d.file)).size,
    fixable: diagnostics.filter((d) => d.fix).length,
  };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
