/**
 * `pnpm bench`: how fast `segkit check` is, against reading and `JSON.parse`-ing the same files in
 * the same run. Machines are shared and noisy, so absolute times drift; the ratio is what holds.
 *
 * Target (issue "benchmark segkit check"): checking 1,000 schema files costs at most 3× the bare
 * parse. Exits 1 when it does not, unless `--report-only` (or SEGKIT_BENCH_REPORT_ONLY=1).
 * `--rounds N` sets how many rounds are measured. The generated workspaces live in
 * `.bench/check-*` while it runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as GeneratorApi from "../../generator/src/index.js";
import { addProblems } from "./add-problems.js";
import { generateWorkspace } from "./generate-workspace.js";
import {
  benchArgs,
  formatMs,
  interleave,
  median,
  pairedRatios,
  row,
  table,
  timeOnce,
} from "./measure.js";

const targetRatio = 3;
const fileCount = 1000;
const problemCount = 20;
const warmupRounds = 3;
const cliRuns = 5;

const repo = fileURLToPath(new URL("../../", import.meta.url));
const segkitBin = path.join(repo, "generator", "bin", "segkit.js");
const distEntry = path.join(repo, "generator", "dist", "index.js");

const { reportOnly, rounds } = benchArgs(15);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: pnpm bench [--rounds N] [--report-only]");
  process.exit(2);
}

// The built generator, as `segkit` runs it; `pnpm bench` builds it first.
if (!existsSync(distEntry)) {
  console.error(
    `${path.relative(repo, distEntry)} is missing; run pnpm -r build (pnpm bench does)`,
  );
  process.exit(2);
}
const segkit = (await import(distEntry)) as typeof GeneratorApi;

// A folder of this run's own: two benchmarks at once must not rewrite each other's files.
mkdirSync(path.join(repo, ".bench"), { recursive: true });
const benchFolder = mkdtempSync(path.join(repo, ".bench", "check-"));
process.on("exit", () => rmSync(benchFolder, { recursive: true, force: true }));
const clean = generateWorkspace(path.join(benchFolder, "clean"), fileCount);
const withProblems = generateWorkspace(path.join(benchFolder, "problems"), fileCount);
const expectedRules = addProblems(withProblems, problemCount);

/** What `segkit check` does between process start and printing, through the library API. */
function check(root: string): GeneratorApi.Diagnostic[] {
  const config = segkit.loadConfig(segkit.findConfigFile(root)!, segkit.ruleIds);
  const workspace = segkit.Workspace.load(config);
  const only = new Set(workspace.documents.map((d) => d.file.path));
  return segkit.checkWorkspace(workspace, { only });
}

/** The baseline: the least any checker must do, read every file and parse it. */
function readAndParse(files: readonly string[]): number {
  let keys = 0;
  for (const file of files) {
    keys += Object.keys(JSON.parse(readFileSync(file, "utf8")) as object).length;
  }
  return keys;
}

// A benchmark of the wrong thing is worse than none: the clean workspace must be clean, and
// each planted problem must be found.
/**
 * Context, not the baseline: the same reading and parsing with every value kept until the end, as a
 * checker must keep them for cross-file $ref and duplicates. The garbage collector then copies
 * them out of the young generation, which the bare parse never pays for.
 */
function readAndParseKept(files: readonly string[]): number {
  const kept: unknown[] = [];
  for (const file of files) kept.push(JSON.parse(readFileSync(file, "utf8")));
  // Touch every value once, as the first rule would, so the collection of the parse is in the time.
  let keys = 0;
  for (const value of kept) keys += Object.keys(value as object).length;
  return keys;
}

const found = check(clean.root);
if (found.length > 0) {
  console.error(`the generated workspace is not clean (${found.length} diagnostics), e.g.:`);
  for (const d of found.slice(0, 5)) console.error(`  ${d.file}: ${d.rule}: ${d.message}`);
  console.error("fix the generator in test/bench/generate-workspace.ts");
  process.exit(2);
}
const foundProblems = check(withProblems.root);
const missed = expectedRules.filter((rule) => !foundProblems.some((d) => d.rule === rule));
if (missed.length > 0) {
  console.error(`planted problems were not reported: ${[...new Set(missed)].join(", ")}`);
  process.exit(2);
}

const times = interleave(
  {
    baseline: () => readAndParse(clean.files),
    kept: () => readAndParseKept(clean.files),
    check: () => check(clean.root),
    problems: () => check(withProblems.root),
  },
  rounds,
  warmupRounds,
);

/** Whole `segkit check` processes, for context: start-up and printing included, not in the ratio. */
function runCli(): number[] {
  const run = (command: string[], cwd: string) =>
    timeOnce(() => {
      const result = spawnSync(process.execPath, command, { cwd, encoding: "utf8" });
      if (result.status !== 0) {
        throw new Error(`${command.join(" ")} exited ${result.status}: ${result.stderr}`);
      }
      return result;
    });
  run([segkitBin, "check"], clean.root);
  return Array.from({ length: cliRuns }, () => run([segkitBin, "check"], clean.root));
}
const cliTimes = runCli();
const nodeStart = median(
  Array.from({ length: cliRuns }, () =>
    timeOnce(() => spawnSync(process.execPath, ["-e", ""], { encoding: "utf8" })),
  ),
);

const ratios = pairedRatios(times.check!, times.baseline!);
const ratio = median(ratios);
const problemRatio = median(pairedRatios(times.problems!, times.baseline!));
const pass = ratio <= targetRatio;

const megabytes = (clean.bytes / 1024 / 1024).toFixed(1);
console.log(
  `segkit check: ${fileCount.toLocaleString("en-US")} generated schema files (${clean.collections} collections, ${clean.trackingPlans} tracking plans, ${megabytes} MB), Node ${process.version}`,
);
console.log(
  `${rounds} rounds after ${warmupRounds} warm-up rounds, interleaved; median time, files/s at the median, min–max\n`,
);
console.log(
  table([
    ["", "median", "files/s", "spread", ""],
    row({ label: "read + JSON.parse (baseline)", times: times.baseline! }, fileCount),
    row(
      { label: "the same, values kept", times: times.kept! },
      fileCount,
      `${median(pairedRatios(times.kept!, times.baseline!)).toFixed(2)}× (context)`,
    ),
    row({ label: "check (library)", times: times.check! }, fileCount, `${ratio.toFixed(2)}×`),
    row(
      { label: `check, ${problemCount} planted problems`, times: times.problems! },
      fileCount,
      `${problemRatio.toFixed(2)}×, ${foundProblems.length} diagnostics`,
    ),
    row(
      { label: "segkit check (process)", times: cliTimes },
      fileCount,
      `${cliRuns} runs; node start-up alone ${formatMs(nodeStart)}`,
    ),
  ]),
);
const spread = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
console.log(
  `\ncheck / baseline: ${ratio.toFixed(2)}× (rounds ${spread}); target ≤ ${targetRatio}× — ${pass ? "PASS" : "FAIL"}${reportOnly && !pass ? " (report only)" : ""}`,
);
if (!pass && !reportOnly) process.exitCode = 1;
