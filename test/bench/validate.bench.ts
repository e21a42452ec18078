/**
 * `segkit validate` on a large NDJSON file of rooms (Bulk API lines), against the bare minimum of
 * reading it: line-split + `JSON.parse` of the same file, in the same run. Every side runs as a
 * process of its own (Node start-up included on both), rounds interleaved, medians:
 *
 * - baseline: a Node script that streams the file in 1 MB chunks, decodes, splits lines and
 *   `JSON.parse`s each one, on one thread;
 * - `segkit validate --threads 0`: everything on the main thread (target ≥ 0.7× the baseline's MB/s);
 * - `segkit validate` (worker threads, as many as cores, at most 4; target ≥ 1.0×).
 *
 * Peak RSS of each is reported (resourceUsage().maxRSS, worker threads included). A file over 512
 * MB breaks 001's Bulk file limit, so segkit must find exactly that one problem and no other.
 *
 * `--mb N` sets the file size (default 1024), `--rounds N` the measured rounds (default 5: the
 * median of three was at the mercy of one slow spell of a shared machine).
 * Exits 1 when a target is missed, unless `--report-only` (or SEGKIT_BENCH_REPORT_ONLY=1).
 */
import { execFile } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs, median, table } from "./measure.js";

const { reportOnly, rounds, number } = benchArgs(5);
const megabytes = number("--mb", 1024);
const targets = { oneThread: 0.7, workers: 1.0 };

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const child = path.join(repoRoot, "test/validate/validate-child.mjs");
const scratch = mkdtempSync(path.join(tmpdir(), "segkit-validate-bench-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

// --- The file: rooms as an export would have them, every line different --------------------------

const file = path.join(scratch, "rooms.ndjson");
{
  const cities = ["Lihue, HI", "Paris", "Lisbon", "Kyoto", "Austin, TX", "Cape Town", "Oslo"];
  const types = ["entire_home", "private_room", "shared_room"];
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  while (written < megabytes * 1e6) {
    let block = "";
    while (block.length < 1 << 20) {
      n++;
      block +=
        JSON.stringify({
          id: String(1_000_000 + n),
          collection: "rooms",
          properties: {
            name: `Room ${n} with a view of the bay`,
            location: cities[n % cities.length],
            review_count: n % 500,
            nightly_rate: 40 + (n % 400) + 0.25,
            currency: n % 3 === 0 ? "EUR" : "USD",
            room_type: types[n % 3],
            max_guests: 1 + (n % 16),
            public_listing: n % 2 === 0,
            owner: n % 7 === 0 ? null : `owner_${n % 9973}`,
            listed_at: `2026-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}T10:00:00Z`,
            available_from: n % 5 === 0 ? null : "2026-12-01",
            rating: 1 + (n % 40) / 10,
          },
        }) + "\n";
    }
    written += block.length;
    if (!out.write(block)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
const bytes = (await import("node:fs")).statSync(file).size;

const baselineScript = path.join(scratch, "baseline.mjs");
writeFileSync(
  baselineScript,
  `import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
const decoder = new StringDecoder("utf8");
let rest = "";
let lines = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  const text = rest + decoder.write(chunk);
  let start = 0;
  for (let end = text.indexOf("\\n"); end !== -1; end = text.indexOf("\\n", start)) {
    JSON.parse(text.slice(start, end));
    lines++;
    start = end + 1;
  }
  rest = text.slice(start);
}
if (rest.trim() !== "") { JSON.parse(rest); lines++; }
process.stderr.write("\\n" + JSON.stringify({ code: 0, maxRssBytes: process.resourceUsage().maxRSS * 1024, stdout: String(lines) }) + "\\n");
`,
);

interface Run {
  ms: number;
  rssBytes: number;
}

/**
 * Runs a Node script that prints `{code, maxRssBytes, stdout}` last on stderr; its wall time and
 * peak RSS. `accept` says whether its outcome is the right one.
 */
function run(
  script: string,
  scriptArgs: string[],
  accept: (code: number, stdout: string) => boolean,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      process.execPath,
      [script, ...scriptArgs],
      { cwd: repoRoot, maxBuffer: 64 << 20 },
      (error, _stdout, stderr) => {
        const ms = performance.now() - started;
        if (error && typeof error.code !== "number") return reject(error);
        const result = JSON.parse(stderr.trimEnd().split("\n").at(-1)!) as {
          code: number;
          maxRssBytes: number;
          stdout: string;
        };
        if (!accept(result.code, result.stdout))
          return reject(
            new Error(`${path.basename(script)} exited ${result.code}:\n${result.stdout}`),
          );
        resolve({ ms, rssBytes: result.maxRssBytes });
      },
    );
  });
}

/**
 * Every room is valid; a file over 001's 512 MB is one Bulk upload too many, and that is the one
 * problem segkit must report.
 */
const overBulkLimit = bytes > 512 * 1024 * 1024;
const validated = (code: number, stdout: string) => {
  const { summary } = JSON.parse(stdout) as { summary: { byRule: Record<string, number> } };
  return overBulkLimit
    ? code === 1 && JSON.stringify(summary.byRule) === '{"file-too-large":1}'
    : code === 0;
};
const sides = {
  baseline: () => run(baselineScript, [file], (code) => code === 0),
  oneThread: () => run(child, ["validate", file, "--threads", "0", "-f", "json"], validated),
  workers: () => run(child, ["validate", file, "-f", "json"], validated),
};
type Side = keyof typeof sides;
const results: Record<Side, Run[]> = { baseline: [], oneThread: [], workers: [] };
// One unrecorded round warms the page cache and the validators' cache folder.
for (let round = 0; round < rounds + 1; round++) {
  const order = (Object.keys(sides) as Side[]).map((_, i, all) => all[(round + i) % all.length]!);
  for (const side of order) {
    const result = await sides[side]();
    if (round > 0) results[side].push(result);
  }
}

const mbs = (ms: number) => bytes / 1e6 / (ms / 1000);
const ratios = (side: Side) => results[side].map((r, i) => results.baseline[i]!.ms / r.ms);
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const rowOf = (label: string, side: Side, target?: number) => {
  const ms = median(results[side].map((r) => r.ms));
  const rss = Math.max(...results[side].map((r) => r.rssBytes));
  const spread = ratios(side);
  return [
    label,
    `${int.format(ms)} ms`,
    `${mbs(ms).toFixed(0)} MB/s`,
    `${int.format(rss / 1e6)} MB`,
    side === "baseline"
      ? ""
      : `${median(spread).toFixed(2)}× (rounds ${Math.min(...spread).toFixed(2)}–${Math.max(...spread).toFixed(2)}×), target ≥ ${target}×`,
  ];
};
console.log(
  `\nsegkit validate: ${int.format(bytes / 1e6)} MB of rooms NDJSON, ${rounds} rounds, medians; ${availableParallelism()} cores, Node ${process.version}\n`,
);
console.log(
  table([
    ["", "median", "throughput", "peak RSS", "vs baseline"],
    rowOf("line-split + JSON.parse (baseline)", "baseline"),
    rowOf("segkit validate --threads 0", "oneThread", targets.oneThread),
    rowOf(`segkit validate (worker threads)`, "workers", targets.workers),
  ]),
);
let ok = true;
for (const [side, target] of Object.entries(targets) as [Side, number][]) {
  const ratio = median(ratios(side));
  const pass = ratio >= target;
  ok &&= pass;
  console.log(
    `${side === "workers" ? "worker threads" : "one thread"}: ${ratio.toFixed(2)}× the baseline's MB/s; target ≥ ${target}× — ${pass ? "PASS" : "FAIL"}${reportOnly && !pass ? " (report only)" : ""}`,
  );
}
if (!ok && !reportOnly) process.exitCode = 1;
