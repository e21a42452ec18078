import type { Diagnostic, TextEdit } from "./diagnostic.js";

/**
 * Applies the fixes of one file's diagnostics to its text. A fix whose edits overlap an earlier
 * accepted fix waits for the next round (the caller re-checks and calls again), as ESLint does.
 */
export function applyFixes(
  text: string,
  diagnostics: readonly Diagnostic[],
): { text: string; applied: number } {
  const accepted: TextEdit[] = [];
  let applied = 0;
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fix;
    if (!fix) continue;
    const key = JSON.stringify(
      fix.edits.map((e) => [e.range.start.offset, e.range.end.offset, e.newText]),
    );
    if (seen.has(key)) continue; // several diagnostics may offer the same fix
    if (fix.edits.some((edit) => accepted.some((other) => overlaps(edit, other)))) continue;
    seen.add(key);
    accepted.push(...fix.edits);
    applied++;
  }
  accepted.sort((a, b) => b.range.start.offset - a.range.start.offset);
  let result = text;
  for (const edit of accepted) {
    result =
      result.slice(0, edit.range.start.offset) + edit.newText + result.slice(edit.range.end.offset);
  }
  return { text: result, applied };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.range.start.offset < b.range.end.offset && b.range.start.offset < a.range.end.offset;
}
