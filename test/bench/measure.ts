/** Timing for the benchmarks: interleaved rounds, medians, spreads and a printable table. */

/**
 * The command line every benchmark takes: `--report-only` (or SEGKIT_BENCH_REPORT_ONLY=1: exit 0
 * when a target is missed), `--rounds N`, and any other `--name value` through `option`.
 */
export function benchArgs(defaultRounds: number) {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const number = (name: string, fallback: number) => Number(option(name) ?? fallback);
  return {
    reportOnly: args.includes("--report-only") || process.env.SEGKIT_BENCH_REPORT_ONLY === "1",
    rounds: number("--rounds", defaultRounds),
    option,
    number,
  };
}

export interface Series {
  label: string;
  /** Milliseconds, one per measured round. */
  times: number[];
}

/** A task to time; it returns something so that its work cannot be optimized away. */
export type Task = () => unknown;

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** The milliseconds one call of `task` takes, after a garbage collection when that is exposed. */
export function timeOnce(task: Task): number {
  collectGarbage?.();
  const start = performance.now();
  const result = task();
  const elapsed = performance.now() - start;
  if (result === undefined) throw new Error("a benchmark task must return its result");
  return elapsed;
}

/**
 * Runs every task once per round, `warmup` rounds unrecorded first. The order rotates from round
 * to round, so that no task always runs right after the same neighbour (caches, GC debt, a busy
 * machine's slow second).
 */
export function interleave(
  tasks: Record<string, Task>,
  rounds: number,
  warmup: number,
): Record<string, number[]> {
  const names = Object.keys(tasks);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const elapsed = timeOnce(tasks[name]!);
      if (round >= warmup) times[name]!.push(elapsed);
    }
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each round's ratio `a[i] / b[i]`: the two ran back to back, so the ratio cancels drift. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / b[i]!);
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatMs(ms: number): string {
  return ms >= 100 ? `${integer.format(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** One table row: label, median, files/s at the median, min–max. */
export function row(series: Series, files: number, note = ""): string[] {
  const mid = median(series.times);
  const min = Math.min(...series.times);
  const max = Math.max(...series.times);
  return [
    series.label,
    formatMs(mid),
    integer.format((files / mid) * 1000),
    `${formatMs(min).replace(" ms", "")}–${formatMs(max)}`,
    note,
  ];
}

/** Columns padded to their widest cell; the label column left-aligned, numbers right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((r) => r[column]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, column) =>
          column === 0 || column === r.length - 1
            ? cell.padEnd(widths[column]!)
            : cell.padStart(widths[column]!),
        )
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}

/** An asynchronous task to time; like `Task`, it returns its result. */
export type AsyncTask = () => Promise<unknown>;

/** `interleave` for asynchronous tasks: rotating order, `warmup` rounds unrecorded. */
export async function interleaveAsync(
  tasks: Record<string, AsyncTask>,
  rounds: number,
  warmup: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(tasks);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      collectGarbage?.();
      const start = performance.now();
      const result = await tasks[name]!();
      const elapsed = performance.now() - start;
      if (result === undefined) throw new Error("a benchmark task must return its result");
      if (round >= warmup) times[name]!.push(elapsed);
    }
  }
  return times;
}
