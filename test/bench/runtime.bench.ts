/**
 * `pnpm bench`: the runtime's two senders against the least that could do their job, in the same
 * run, over real sockets to a sink in its own process (test/bench/http-sink.ts). Each side is
 * timed from its first call to its last answer, rounds interleaved, a full GC before each.
 *
 * - Objects sender objects/s. Measured: a sender with its defaults (8 requests at a time, like the
 *   baseline) gets `await sender.set(object)` for each of 50,000 rooms, one call per object as an
 *   application makes them, then `await sender.close()`; every object goes through 000's checks
 *   (as by default; no schema validator is passed), is copied, queued, batched by ten and sent.
 *   Baseline: a bare undici `Pool` posting the same objects, serialised into 10-object bodies before
 *   the clock starts, 8 requests at a time. Target ≥ 0.8×.
 * - Bulk writer MB/s of NDJSON. Measured: a writer with its defaults (gzip level 6; parts spooled
 *   under .bench) gets `await writer.write(object)` for each of 150,000 rooms, then
 *   `await writer.close()`: 000's checks and 001's 400 KB, serialised, gzip'd into a part spooled on
 *   disk, the part uploaded to the sink from that file, the session started and finished.
 *   Baseline: a bare zlib gzip stream of the same NDJSON, already serialised in 64 KB strings, at the
 *   same level, into nothing. Target ≥ 0.85×.
 *
 * Exits 1 when a target is missed, unless `--report-only` (or SEGKIT_BENCH_REPORT_ONLY=1).
 * `--rounds N` sets the measured rounds (default 21: a round of either pair takes about a second, and
 * on a shared machine single rounds of the sender range from 0.55× to 1.2×, a standard deviation of
 * about 0.1; by the usual estimate, 1.25 σ/√n, a median of 11 such rounds is good to ±0.04, of 21
 * to ±0.03).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { Pool } from "undici";
import type * as RuntimeApi from "../../packages/runtime/src/index.js";
import { benchArgs, interleaveAsync, median, pairedRatios, table } from "./measure.js";

const senderTarget = 0.8;
const writerTarget = 0.85;
const objectsPerRound = 50_000;
const bulkObjectsPerRound = 150_000;
const concurrency = 8;
const gzipLevel = 6;
const warmupRounds = 1;

const repo = fileURLToPath(new URL("../../", import.meta.url));
const { reportOnly, rounds } = benchArgs(21);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: tsx test/bench/runtime.bench.ts [--rounds N] [--report-only]");
  process.exit(2);
}

// The built runtime, as generated clients import it; `pnpm bench` builds it first.
const runtime = (await import(
  path.join(repo, "packages", "runtime", "dist", "index.js")
)) as typeof RuntimeApi;

mkdirSync(path.join(repo, ".bench"), { recursive: true });
const spool = mkdtempSync(path.join(repo, ".bench", "runtime-"));

const sink = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./http-sink.ts", import.meta.url))],
  { stdio: ["ignore", "pipe", "inherit", "ipc"] },
);
process.on("exit", () => {
  sink.kill();
  rmSync(spool, { recursive: true, force: true });
});
const endpoint = await new Promise<string>((resolve, reject) => {
  sink.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
  sink.once("exit", (code) => reject(new Error(`the sink exited (${code})`)));
});

// Rooms as the examples describe them, about 300 bytes of JSON each.
const room = (n: number) => ({
  id: `room-${n}`,
  properties: {
    name: `Charming Beach Room Facing Ocean ${n}`,
    location: `Lihue, HI ${n % 977}`,
    review_count: n % 1000,
    nightly_rate: (n % 50_000) / 100,
    public_listing: n % 3 === 0,
    listed_at: new Date(1_700_000_000_000 + n * 1000).toISOString(),
    description: `Ocean view, walking distance to the beach, quiet street; room ${n}.`,
  },
});
const objects = Array.from({ length: objectsPerRound }, (_, n) => room(n));

// --- Objects sender vs bare undici -------------------------------------------------------------

const bodies: string[] = [];
for (let i = 0; i < objects.length; i += 10)
  bodies.push(JSON.stringify({ collection: "rooms", objects: objects.slice(i, i + 10) }));
const headers = {
  authorization: `Basic ${Buffer.from("bench:").toString("base64")}`,
  "content-type": "application/json",
};

async function bareUndici(): Promise<number> {
  const pool = new Pool(endpoint, { connections: concurrency });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await pool.request({ path: "/v1/set", method: "POST", headers, body });
        await response.body.dump();
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
      }
    }),
  );
  await pool.close();
  return next;
}

async function objectsSender(): Promise<number> {
  const sender = new runtime.ObjectsSender({
    writeKey: "bench",
    endpoint,
    collection: "rooms",
    maxConcurrentRequests: concurrency,
  });
  for (const object of objects) await sender.set(object);
  const summary = await sender.close();
  if (summary.sent !== objects.length) throw new Error(`sent ${summary.sent}`);
  return summary.sent;
}

// Measured before the Bulk data exists: a heap holding 150,000 more objects makes every garbage
// collection dearer, and the sender, which allocates where the bare loop does not, pays for it.
const objectTimes = await interleaveAsync(
  { "bare undici": bareUndici, "objects sender": objectsSender },
  rounds,
  warmupRounds,
);

// --- Bulk writer vs bare gzip ------------------------------------------------------------------

const bulkObjects = Array.from({ length: bulkObjectsPerRound }, (_, n) => room(n));
const ndjson: string[] = [];
{
  let chunk = "";
  for (const object of bulkObjects) {
    chunk += `${JSON.stringify({ id: object.id, collection: "rooms", properties: object.properties })}\n`;
    if (chunk.length >= 64 * 1024) {
      ndjson.push(chunk);
      chunk = "";
    }
  }
  if (chunk) ndjson.push(chunk);
}
const ndjsonBytes = ndjson.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);

async function bareGzip(): Promise<number> {
  let compressed = 0;
  await pipeline(
    Readable.from(ndjson),
    createGzip({ level: gzipLevel }),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        compressed += chunk.length;
        callback();
      },
    }),
  );
  return compressed;
}

async function bulkWriter(): Promise<number> {
  const writer = new runtime.BulkWriter({
    writeKey: "bench",
    endpoint,
    collection: "rooms",
    gzipLevel,
    spoolDir: spool,
  });
  for (const object of bulkObjects) await writer.write(object);
  const summary = await writer.close();
  if (summary.rawBytes !== ndjsonBytes) throw new Error(`wrote ${summary.rawBytes} bytes`);
  return summary.gzipBytes;
}

// --- Measure -----------------------------------------------------------------------------------

const bulkTimes = await interleaveAsync(
  { "bare gzip": bareGzip, "bulk writer": bulkWriter },
  rounds,
  warmupRounds,
);

const perSecond = (amount: number, ms: number) => (amount / ms) * 1000;
const mb = ndjsonBytes / 1024 / 1024;
// Throughput ratios: the baseline's time over ours, round by round.
const senderRatios = pairedRatios(objectTimes["bare undici"]!, objectTimes["objects sender"]!);
const writerRatios = pairedRatios(bulkTimes["bare gzip"]!, bulkTimes["bulk writer"]!);
const senderRatio = median(senderRatios);
const writerRatio = median(writerRatios);
const spread = (ratios: number[]) =>
  `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

console.log(
  `\nruntime: ${int.format(objectsPerRound)} objects per round to /v1/set, ${mb.toFixed(0)} MB of NDJSON per round to the Bulk API (gzip level ${gzipLevel}); ${rounds} rounds, medians\n`,
);
console.log(
  table([
    ["", "median", "throughput", "vs baseline", ""],
    [
      "bare undici, 10-object bodies (baseline)",
      `${int.format(median(objectTimes["bare undici"]!))} ms`,
      `${int.format(perSecond(objectsPerRound, median(objectTimes["bare undici"]!)))} objects/s`,
      "",
      "",
    ],
    [
      "ObjectsSender",
      `${int.format(median(objectTimes["objects sender"]!))} ms`,
      `${int.format(perSecond(objectsPerRound, median(objectTimes["objects sender"]!)))} objects/s`,
      `${senderRatio.toFixed(2)}×`,
      `(rounds ${spread(senderRatios)})`,
    ],
    [
      "bare zlib gzip (baseline)",
      `${int.format(median(bulkTimes["bare gzip"]!))} ms`,
      `${perSecond(mb, median(bulkTimes["bare gzip"]!)).toFixed(1)} MB/s`,
      "",
      "",
    ],
    [
      "BulkWriter",
      `${int.format(median(bulkTimes["bulk writer"]!))} ms`,
      `${perSecond(mb, median(bulkTimes["bulk writer"]!)).toFixed(1)} MB/s`,
      `${writerRatio.toFixed(2)}×`,
      `(rounds ${spread(writerRatios)})`,
    ],
  ]),
);

const verdict = (name: string, ratio: number, target: number) => {
  const ok = ratio >= target;
  console.log(
    `${name}: ${ratio.toFixed(2)}× the baseline; target ≥ ${target}× — ${ok ? "ok" : "FAIL"}`,
  );
  return ok;
};
const ok = [
  verdict("ObjectsSender", senderRatio, senderTarget),
  verdict("BulkWriter", writerRatio, writerTarget),
].every(Boolean);
if (!ok && !reportOnly) process.exitCode = 1;
process.disconnect?.();
sink.disconnect();
