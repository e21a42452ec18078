// Issue 3, "Bulk API — as 001 says": 413 past the uncompressed file limit; sessions expire after
// a time without a call (configurable, so tests can shorten it); more than 20 requests in flight
// for one write key → 429. And "Done when": an oversized upload never crashes the server, and data
// answered 202 survives a stop.
import { setMaxListeners } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from "../../packages/emulator/src/index.js";
import {
  bulkPost,
  delay,
  finish,
  gzipLines,
  gzipRepeated,
  heldBody,
  keepAlive,
  line,
  startSession,
  upload,
  type BulkAnswer,
} from "./bulk-client.js";

const folder = mkdtempSync(path.join(tmpdir(), "segkit-bulk-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function withEmulator(
  options: EmulatorOptions,
  run: (emulator: Emulator) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

/** The part files spooled under `spoolDir`, by session folder. */
function spooled(spoolDir: string): string[] {
  return readdirSync(spoolDir, { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".ndjson"),
  );
}

const ok = () => gzipLines([line("rooms", "1", { name: "a" })]);

/**
 * 200 MB of valid 4 KB lines, gzip'd into a few hundred KB: made once, for the gzip bomb and the
 * streaming test.
 */
let twoHundredMegabytes: Promise<Buffer> | undefined;
const bigUpload = () => {
  const bigLine = JSON.stringify(line("big_parts", "b", { v: "x".repeat(4000) }));
  twoHundredMegabytes ??= gzipRepeated(`${bigLine}\n`, 200 * 1024 * 1024);
  return twoHundredMegabytes;
};

describe("session expiry", () => {
  it("forgets a session and its parts after the timeout without a call, and says so", async () => {
    const spoolDir = path.join(folder, "expiry");
    await withEmulator({ sessionTimeoutMs: 400, spoolDir }, async ({ url }) => {
      const id = await startSession(url);
      expect((await upload(url, id, ok())).status).toBe(201);
      expect(spooled(spoolDir)).toHaveLength(1);
      await delay(1000);
      const answer = await upload(url, id, ok());
      expect(answer.status).toBe(404);
      expect(answer.body.message).toMatch(
        new RegExp(`^session "${id}" expired: no call for 400 ms, and its parts were discarded`),
      );
      expect((await keepAlive(url, id)).status).toBe(404);
      expect(spooled(spoolDir)).toEqual([]);
    });
  });

  it("is put off by keep-alive", async () => {
    await withEmulator({ sessionTimeoutMs: 600 }, async (emulator) => {
      const { url } = emulator;
      const id = await startSession(url);
      expect((await upload(url, id, ok())).status).toBe(201);
      for (let i = 0; i < 6; i++) {
        await delay(200);
        expect(await keepAlive(url, id)).toMatchObject({ status: 200, body: {} });
      }
      // 1.2 s after the upload, two timeouts later, the session is still there.
      expect((await finish(url, id)).status).toBe(202);
      expect((await emulator.query("select id, name from rooms")).rows).toEqual([["1", "a"]]);
    });
  });

  it("does not end during an upload that lasts longer than the timeout", async () => {
    await withEmulator({ sessionTimeoutMs: 400 }, async ({ url }) => {
      const id = await startSession(url);
      const answer = await upload(url, id, heldBody(ok(), delay(1000)));
      expect(answer.status).toBe(201);
      expect((await keepAlive(url, id)).status).toBe(200);
    });
  });
});

describe("413 past the uncompressed file limit", () => {
  it("rejects a part over a small configured limit and keeps the session", async () => {
    const spoolDir = path.join(folder, "small-limit");
    await withEmulator({ maxBulkFileBytes: 64 * 1024, spoolDir }, async ({ url }) => {
      const id = await startSession(url);
      const lines = Array.from({ length: 2000 }, (_, i) => line("rooms", `r${i}`, { i }));
      const answer = await upload(url, id, gzipLines(lines));
      expect(answer.status).toBe(413);
      expect(answer.body.message).toMatch(
        /^the upload is larger than 64 KB uncompressed; the emulator takes files of at most 64 KB uncompressed \(001: 512 MB\): split the objects into several uploads/,
      );
      expect(spooled(spoolDir)).toEqual([]);
      expect((await upload(url, id, gzipLines(lines.slice(0, 100)))).status).toBe(201);
    });
  });

  it("stops inflating a gzip bomb at the limit: 200 MB in a few hundred KB, against 16 MB", async () => {
    // Valid lines: the emulator checks and spools 16 MB of them before it stops.
    const bomb = await bigUpload();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const spoolDir = path.join(folder, "bomb");
    await withEmulator({ maxBulkFileBytes: 16 * 1024 * 1024, spoolDir }, async ({ url }) => {
      const id = await startSession(url);
      const { result: answer, growth } = await rssGrowthDuring(() => upload(url, id, bomb));
      expect(answer.status).toBe(413);
      expect(answer.body.message).toMatch(/^the upload is larger than 16 MB uncompressed/);
      // Inflated in memory, the bomb alone would take 200 MB; streamed, the 16 MB read before the
      // limit and the garbage they leave until the next collection stay well under half that.
      expect(growth).toBeLessThan(100 * 1024 * 1024);
      expect(spooled(spoolDir)).toEqual([]);
      expect((await keepAlive(url, id)).status).toBe(200);
    });
  });
});

describe("streaming", () => {
  it("stores a 200 MB upload without holding it in memory", async () => {
    const spoolDir = path.join(folder, "streaming");
    const body = await bigUpload();
    await withEmulator({ spoolDir }, async ({ url }) => {
      const id = await startSession(url);
      const { result: answer, growth } = await rssGrowthDuring(() => upload(url, id, body));
      expect(answer.status).toBe(201);
      // Held in memory, the upload alone would take 200 MB.
      expect(growth).toBeLessThan(100 * 1024 * 1024);
      expect(spooled(spoolDir)).toHaveLength(1);
    });
  });
});

describe("requests in flight per write key", () => {
  it("answers 429 with Retry-After past 20, per key, and frees the slots when requests end", async () => {
    await withEmulator({}, async ({ url }) => {
      const id = await startSession(url);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const held = Array.from({ length: 20 }, (_, i) =>
        upload(url, id, heldBody(gzipLines([line("held", `h${i}`, { i })]), gate)),
      );
      const refused = await untilStatus(429, () => keepAlive(url, id));
      expect(refused.headers["retry-after"]).toBe("1");
      expect(refused.body.message).toMatch(
        /^more than 20 Bulk API requests in flight for this write key \(001: 20 simultaneous requests per write key\)/,
      );
      expect((await bulkPost(url, "/v0/start", undefined, { key: "another-key" })).status).toBe(
        201,
      );
      open();
      for (const answer of await Promise.all(held)) expect(answer.status).toBe(201);
      expect((await keepAlive(url, id)).status).toBe(200);
    });
  });

  it("frees the slots of requests the client aborts", async () => {
    await withEmulator({}, async ({ url }) => {
      const id = await startSession(url);
      const abort = new AbortController();
      setMaxListeners(20, abort.signal);
      // A client of their own, closed after the abort: undici would keep fresh idle connections
      // open, and the emulator's stop waits for them.
      const client = new Agent();
      const never = new Promise<void>(() => {});
      const held = Array.from({ length: 20 }, () =>
        bulkPost(url, `/v0/upload/${id}`, heldBody(ok(), never), {
          headers: { "content-encoding": "gzip" },
          signal: abort.signal,
          dispatcher: client,
        }).catch((error: Error) => error),
      );
      await untilStatus(429, () => keepAlive(url, id));
      abort.abort();
      for (const outcome of await Promise.all(held)) expect(outcome).toBeInstanceOf(Error);
      await client.destroy();
      expect((await untilStatus(200, () => keepAlive(url, id))).body).toEqual({});
      expect((await upload(url, id, ok())).status).toBe(201);
    });
  });
});

/** Repeats `call` until it answers `status` (for up to 5 s). */
async function untilStatus(status: number, call: () => Promise<BulkAnswer>): Promise<BulkAnswer> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = await call();
    if (answer.status === status) return answer;
    if (Date.now() > deadline) throw new Error(`still ${answer.status}, not ${status}`);
    await delay(10);
  }
}

describe("stopping", () => {
  it("applies a session answered 202 before the emulator stops", async () => {
    const db = path.join(folder, "stop.duckdb");
    const count = 20_000;
    const first = await startEmulator({ port: 0, db });
    const id = await startSession(first.url);
    const lines = Array.from({ length: count }, (_, i) => line("stopped", `s${i}`, { i }));
    expect((await upload(first.url, id, gzipLines(lines))).status).toBe(201);
    expect((await finish(first.url, id)).status).toBe(202);
    await first.stop();

    const second = await startEmulator({ port: 0, db });
    try {
      const result = await second.query("select count(*) from stopped");
      expect(Number(result.rows[0]![0])).toBe(count);
    } finally {
      await second.stop();
    }
  });

  it("answers uploads in flight on the same session when finish comes, and applies them", async () => {
    await withEmulator({}, async (emulator) => {
      const { url } = emulator;
      const id = await startSession(url);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const slow = upload(url, id, heldBody(gzipLines([line("late", "1", { n: 1 })]), gate));
      await delay(50);
      expect((await finish(url, id)).status).toBe(202);
      open();
      expect((await slow).status).toBe(201);
      expect((await emulator.query("select id, n from late")).rows).toEqual([["1", 1]]);
    });
  });
});

/** How far the process's RSS rose above where it started while `task` ran, sampled every 5 ms. */
async function rssGrowthDuring<T>(task: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await task();
    return { result, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
