/** Rows as an aligned text table, as `segkit query` prints them; NULL for null. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  const cells = rows.map((row) => row.map(cellText));
  const widths = columns.map((name, i) =>
    Math.max(name.length, ...cells.map((row) => row[i]!.length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  const count = `(${rows.length} row${rows.length === 1 ? "" : "s"})`;
  return [line(columns), rule, ...cells.map(line), count].join("\n") + "\n";
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(/\r?\n/g, "\\n");
}
