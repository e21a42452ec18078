/**
 * `pnpm bench`: `segkit generate` on a workspace of 200 collections and 200 events, in one run:
 *
 * - cold generation: a `segkit generate` process into an empty output folder;
 * - watch mode: `segkit generate --watch` running, the time from saving one collection file to the
 *   line that says it was regenerated (and the time segkit reports for the work itself);
 * - generated validators against ajv compiling the same schemas at run time, with the same options,
 *   on the same values: objects/s of each and the ratio (the median of the rounds' ratios; within a
 *   round the two take turns collection by collection). Target ≥ 1.0×.
 *
 * Exits 1 when the validator target is missed, unless `--report-only` (or
 * SEGKIT_BENCH_REPORT_ONLY=1). `--rounds N` sets the measured rounds (default 3); `--only
 * cold,watch,validators` runs some parts (the output is generated once either way).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { CollectionIR } from "../../generator/src/ir/model.js";
import { findConfigFile, loadConfig, ruleIds, Workspace } from "../../generator/src/index.js";
import { lower } from "../../generator/src/ir/lower.js";
import { validatorAjvOptions } from "../../generator/src/targets/validators.js";
import { generateWorkspace } from "./generate-workspace.js";
import { benchArgs, median, table } from "./measure.js";
import { Random } from "./random.js";

const validatorTarget = 1.0;
const collectionCount = 200;
const eventCount = 200;
const validatedCollections = 20;
const valuesPerCollection = 2000;

const repo = fileURLToPath(new URL("../../", import.meta.url));
const segkit = path.join(repo, "generator", "bin", "segkit.js");
const { reportOnly, rounds, option } = benchArgs(3);
const parts = new Set((option("--only") ?? "cold,watch,validators").split(","));
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: tsx test/bench/generate.bench.ts [--rounds N] [--report-only]");
  process.exit(2);
}

// --- The workspace: 200 collections and 200 events -------------------------------------------

mkdirSync(path.join(repo, ".bench"), { recursive: true });
const folder = mkdtempSync(path.join(repo, ".bench", "generate-"));
process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
const root = path.join(folder, "workspace");
const generated = generateWorkspace(root, 240);
const collectionFiles = generated.files.filter((f) => f.includes("/collections/"));
for (const file of collectionFiles.slice(collectionCount)) rmSync(file);
let events = 0;
for (const file of generated.files.filter((f) => f.includes("/events/"))) {
  const plan = JSON.parse(readFileSync(file, "utf8")) as { events?: unknown[] };
  if (!plan.events) continue;
  plan.events = plan.events.slice(0, Math.max(0, eventCount - events));
  events += plan.events.length;
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
}
writeFileSync(
  path.join(root, "segkit.config.json"),
  JSON.stringify({
    schemas: { collections: "schemas/collections", events: "schemas/events" },
    output: "out",
    packages: { name: "@bench/{name}", runtime: "workspace:*" },
  }),
);
const output = path.join(root, "out");

function run(argv: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [segkit, ...argv], { cwd: root, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`segkit ${argv.join(" ")} failed:\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

// --- Cold generation -------------------------------------------------------------------------

const cold: number[] = [];
for (let round = 0; round < (parts.has("cold") ? rounds : 1); round++) {
  rmSync(output, { recursive: true, force: true });
  cold.push(run(["generate"]).ms);
}
const fileCount = readdirSync(output, { recursive: true }).filter((f) =>
  String(f).includes("."),
).length;

// --- Watch mode: one collection file changed --------------------------------------------------

const watchTimes: number[] = [];
const reported: number[] = [];
if (parts.has("watch")) {
  const child = spawn(process.execPath, [segkit, "generate", "--watch"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const waitFor = async (pattern: RegExp, from: number) => {
    const started = performance.now();
    for (;;) {
      const match = pattern.exec(text.slice(from));
      if (match) return match;
      if (performance.now() - started > 120_000) {
        child.kill("SIGINT");
        throw new Error(`segkit generate --watch never printed ${pattern}; it printed:\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  await waitFor(/watching/, 0);
  const file = collectionFiles[0]!;
  const original = readFileSync(file, "utf8");
  const name = (JSON.parse(original) as { collection: string }).collection.replaceAll("_", "-");
  for (let round = 0; round < rounds + 1; round++) {
    const schema = JSON.parse(original) as { properties: Record<string, unknown> };
    schema.properties[`added_${round}`] = { type: "string", description: `Round ${round}.` };
    const from = text.length;
    const started = performance.now();
    writeFileSync(file, JSON.stringify(schema, null, 2));
    const match = await waitFor(new RegExp(`segkit generate: ${name}: .*\\((\\d+) ms\\)`), from);
    if (round === 0) continue; // warm-up: the first regeneration loads ajv, ts-morph and prettier
    watchTimes.push(performance.now() - started);
    reported.push(Number(match[1]));
  }
  writeFileSync(file, original);
  child.kill("SIGINT");
  await new Promise((resolve) => child.once("exit", resolve));
}

// --- Generated validators vs ajv at run time ---------------------------------------------------

const workspace = Workspace.load(loadConfig(findConfigFile(root)!, ruleIds));
const ir = lower(workspace);
const random = new Random(7);
const chosen = ir.collections.slice(0, validatedCollections);

const candidates: unknown[] = [
  ...["USD", "EUR", "abc", "Lihue, HI", "a", "value 12", "sku_abcd1234", "+1 555 0100"],
  ...["https://example.com/a", "someone@example.com", "2026-11-23", "2026-11-23T10:00:00Z"],
  ...["123e4567-e89b-12d3-a456-426614174000", "DE", "US", "en", "10:00:00Z", "192.168.0.1"],
  ...["ABC", "abc_123", "ab12cd34", "X-1", "123456", "a1b2c3d4e5f6", "Ab1"],
  ...[0, 1, 2, 7, 42, 0.5, 0.25, 99.99, 1000, -1, true, false, null],
];

/** A property's schema with `$ref`s followed; its enum or const values join the candidates. */
function own(schema: Record<string, unknown>, definitions: Record<string, object>): unknown[] {
  for (let hops = 0; hops < 16 && typeof schema.$ref === "string"; hops++)
    schema = definitions[schema.$ref.replace("#/definitions/", "")] as Record<string, unknown>;
  if (Array.isArray(schema.enum)) return schema.enum;
  return "const" in schema ? [schema.const] : [];
}

interface Pair {
  generated: (value: unknown) => boolean;
  runtime: (value: unknown) => boolean;
  values: unknown[];
}
const ajv = new Ajv({ ...validatorAjvOptions });
addFormats.default(ajv);
const pairs: Pair[] = [];
for (const collection of chosen) {
  const module = (await import(
    path.join(output, collection.folder, "src", "validate.ts")
  )) as Record<string, (value: unknown) => boolean>;
  const runtime = ajv.compile({ ...collection.properties, definitions: collection.definitions });
  const sample = sampler(collection);
  const values = Array.from({ length: valuesPerCollection }, () => sample());
  pairs.push({ generated: module[collection.names.validate]!, runtime, values });
}
let valid = 0;
let total = 0;
for (const pair of pairs)
  for (const value of pair.values) {
    total++;
    if (pair.runtime(value)) valid++;
  }

/** Milliseconds `validate` takes over `values`, and how many it accepts. */
function timeSlice(validate: (value: unknown) => boolean, values: unknown[]): [number, number] {
  const started = performance.now();
  let accepted = 0;
  for (const value of values) if (validate(value)) accepted++;
  return [performance.now() - started, accepted];
}

/**
 * One round: each collection's values through both validators back to back, which one first
 * alternating by collection and by round, so that a busy machine's slow spell (another process,
 * a shared core) falls on both sides of the round rather than on one whole side.
 */
function timeRound(round: number): { generated: number; runtime: number } {
  const time = { generated: 0, runtime: 0 };
  const accepted = { generated: 0, runtime: 0 };
  pairs.forEach((pair, index) => {
    const sides =
      (round + index) % 2 === 0
        ? (["generated", "runtime"] as const)
        : (["runtime", "generated"] as const);
    for (const side of sides) {
      const [ms, count] = timeSlice(pair[side], pair.values);
      time[side] += ms;
      accepted[side] += count;
    }
  });
  for (const count of [accepted.generated, accepted.runtime])
    if (count !== valid) throw new Error(`validators disagree: ${count} vs ${valid} valid`);
  return time;
}
const generatedTimes: number[] = [];
const runtimeTimes: number[] = [];
for (let round = 0; round < rounds * 3 + 2; round++) {
  const { generated, runtime } = timeRound(round);
  // The first two rounds warm both up.
  if (round < 2) continue;
  generatedTimes.push(generated);
  runtimeTimes.push(runtime);
}
const ratios = generatedTimes.map((g, i) => runtimeTimes[i]! / g);
const ratio = median(ratios);

/**
 * Values for a collection: for each property, candidates its own schema accepts (checked with ajv
 * once per property), all required properties and most optional ones; one object in ten gets a
 * property of the wrong type, so that both validators also report errors.
 */
function sampler(collection: CollectionIR): () => Record<string, unknown> {
  const schema = collection.properties;
  const properties = schema.properties as Record<string, object>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const fits = Object.entries(properties).map(([name, property]) => {
    const check = ajv.compile({ ...property, definitions: collection.definitions });
    const tried = [
      ...own(property as Record<string, unknown>, collection.definitions),
      ...candidates,
    ];
    return { name, valid: tried.filter((value) => check(value)) };
  });
  return () => {
    const out: Record<string, unknown> = {};
    for (const { name, valid } of fits) {
      // A property no candidate fits (an unusual pattern) is left out, or sent wrong if required.
      if (valid.length === 0) {
        if (required.has(name)) out[name] = "no candidate fits";
      } else if (required.has(name) || random.next() < 0.7) out[name] = random.pick(valid);
    }
    if (random.next() < 0.1) out[random.pick(fits).name] = { wrong: "type" };
    return out;
  };
}

// --- Report ------------------------------------------------------------------------------------

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const perSecond = (ms: number) => `${int.format((total / ms) * 1000)} objects/s`;
console.log(
  `\nsegkit generate: ${collectionCount} collections and ${events} events (${fileCount} files generated), ${rounds} rounds, medians\n`,
);
console.log(
  table([
    ["", "median", "", ""],
    [
      "cold generate (process)",
      `${int.format(median(cold))} ms`,
      `${int.format(Math.min(...cold))}–${int.format(Math.max(...cold))} ms`,
      "",
    ],
    [
      "watch: one collection changed, save → printed",
      watchTimes.length > 0 ? `${int.format(median(watchTimes))} ms` : "not run",
      watchTimes.length > 0 ? `segkit's own figure ${int.format(median(reported))} ms` : "",
      "",
    ],
    [
      `ajv compiled at run time (baseline)`,
      `${median(runtimeTimes).toFixed(1)} ms`,
      perSecond(median(runtimeTimes)),
      "",
    ],
    [
      "generated validators",
      `${median(generatedTimes).toFixed(1)} ms`,
      perSecond(median(generatedTimes)),
      `${ratio.toFixed(2)}×`,
    ],
  ]),
);
console.log(
  `\nvalidators: ${int.format(total)} objects of ${chosen.length} collections, ${int.format(valid)} valid; generated / run-time throughput ${ratio.toFixed(2)}× (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×); target ≥ ${validatorTarget}× — ${ratio >= validatorTarget ? "ok" : "FAIL"}`,
);
if (ratio < validatorTarget && !reportOnly) process.exitCode = 1;
