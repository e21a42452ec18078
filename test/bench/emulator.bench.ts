/**
 * The emulator's `/v1/set` throughput next to a bare node:http server that reads and parses the
 * same bodies and answers 200, in the same run: what the emulator's checks, queue and warehouse
 * cost over plain HTTP. Both are driven by the same undici pool over real sockets.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { startEmulator } from "../../packages/emulator/dist/index.js";
import { formatMs, median } from "./measure.js";

const requestsPerRound = 4000;
const concurrency = 16;
const rounds = 5;

const bodies = Array.from({ length: 200 }, (_, n) =>
  JSON.stringify({
    collection: "rooms",
    objects: Array.from({ length: 10 }, (_, i) => ({
      id: String(n * 10 + i),
      properties: {
        name: `Room ${n * 10 + i}`,
        location: "Lihue, HI",
        review_count: n + i,
        nightly_rate: 120.5,
        public_listing: i % 2 === 0,
        listed_at: "2026-11-01T10:00:00Z",
      },
    })),
  }),
);
const headers = {
  authorization: `Basic ${Buffer.from("bench:").toString("base64")}`,
  "content-type": "application/json",
};

async function drive(url: string, extra: Record<string, string> = {}): Promise<number> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requestsPerRound) {
        const body = bodies[next++ % bodies.length]!;
        const response = await pool.request({
          path: "/v1/set",
          method: "POST",
          headers: { ...headers, ...extra },
          body,
        });
        await response.body.dump();
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
      }
    }),
  );
  const elapsed = performance.now() - started;
  await pool.close();
  return elapsed;
}

const bare = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"success":true}');
  });
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
const emulator = await startEmulator({ port: 0, asyncMaxDelayMs: 0 });

const times: Record<"bare" | "async" | "sync", number[]> = { bare: [], async: [], sync: [] };
for (let round = 0; round < rounds + 1; round++) {
  const bareMs = await drive(bareUrl);
  const asyncMs = await drive(emulator.url);
  await emulator.drain();
  const syncMs = await drive(emulator.url, { synchronous: "true" });
  if (round === 0) continue; // warm-up
  times.bare.push(bareMs);
  times.async.push(asyncMs);
  times.sync.push(syncMs);
}
await emulator.stop();
bare.close();

const rate = (ms: number) => Math.round((requestsPerRound / ms) * 1000).toLocaleString("en-US");
console.log(
  `emulator /v1/set: ${requestsPerRound} requests of 10 objects a round, ${concurrency} connections, ${rounds} rounds, Node ${process.version}\n`,
);
for (const [label, list] of [
  ["bare node:http, JSON.parse, 200 (baseline)", times.bare],
  ["emulator, asynchronous (queued)", times.async],
  ["emulator, Synchronous: true (in the warehouse)", times.sync],
] as const) {
  const m = median(list);
  const ratio = label.startsWith("bare")
    ? ""
    : `   ${(median(times.bare) / m).toFixed(2)}× the baseline's rate`;
  console.log(
    `${label.padEnd(48)} ${rate(m).padStart(7)} requests/s  (${formatMs(m)} a round)${ratio}`,
  );
}
