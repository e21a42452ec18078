import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../packages/emulator/src/index.js";
import {
  BulkWriter,
  SegmentDeliveryError,
  SegmentHttpError,
  SegmentValidationError,
  type BulkFailure,
  type BulkWriterOptions,
  type PropertyValue,
} from "../../packages/runtime/src/index.js";
import { startRecorder, type Recorded } from "./header-recorder.js";

type Props = Record<string, PropertyValue>;
const secret = "wk_bulk_Do_Not_Leak_9";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function spoolDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "segkit-bulk-test-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writer(endpoint: string, options: Partial<BulkWriterOptions<Props>> = {}) {
  const created = new BulkWriter<Props>({
    writeKey: secret,
    endpoint,
    collection: "rooms",
    timeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    spoolDir: spoolDir(),
    ...options,
  });
  cleanups.push(() => created.close().catch(() => undefined));
  return created;
}

async function emulator(options: EmulatorOptions = {}) {
  const running = await startEmulator({ port: 0, ...options });
  cleanups.push(() => running.stop());
  return running;
}

/** A server for writers that must send nothing: it records whatever comes. */
async function bulkRecorder() {
  const server = await startRecorder(() => ({ status: 200, body: {} }));
  cleanups.push(() => server.stop());
  return server;
}

/** A server that starts a Bulk session (sync id "s") and takes every request after it: it records them. */
async function sessionRecorder() {
  const server = await startRecorder((i) =>
    i === 0 ? { status: 201, body: { sync_id: "s" } } : { status: 201, body: {} },
  );
  cleanups.push(() => server.stop());
  return server;
}

const room = (n: number, properties: Props = {}) => ({
  id: `room-${n}`,
  properties: { name: `Room ${n}`, review_count: n, ...properties },
});

const linesOf = (upload: Recorded) =>
  gunzipSync(upload.raw).toString("utf8").split("\n").filter(Boolean);

describe("BulkWriter: requests", () => {
  it("runs 001's session exactly: start, gzip'd NDJSON upload, finish with an empty error", async () => {
    const server = await startRecorder((i) => {
      if (i === 0) return { status: 201, body: { sync_id: "sess-1" } };
      return { status: 201, body: { part_id: `p${i}` } };
    });
    cleanups.push(() => server.stop());
    const rooms = writer(server.url);
    const listed = new Date("2026-11-23T10:00:00.000Z");
    await rooms.write({ id: "2561341", properties: { name: "Charming", listed_at: listed } });
    await rooms.write([room(2), room(3)]);
    const summary = await rooms.close();

    const [start, upload, finish] = server.requests as [Recorded, Recorded, Recorded];
    const basic = `Basic ${Buffer.from(`${secret}:`).toString("base64")}`;
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /v0/start",
      "POST /v0/upload/sess-1",
      "POST /v0/finish/sess-1",
    ]);
    for (const request of server.requests) expect(request.headers.authorization).toBe(basic);
    expect(upload.headers["content-type"]).toBe("binary/octet-stream");
    expect(upload.headers["content-encoding"]).toBe("gzip");
    expect(Number(upload.headers["content-length"])).toBe(upload.raw.length);
    expect(linesOf(upload)).toEqual([
      '{"id":"2561341","collection":"rooms","properties":{"name":"Charming","listed_at":"2026-11-23T10:00:00.000Z"}}',
      '{"id":"room-2","collection":"rooms","properties":{"name":"Room 2","review_count":2}}',
      '{"id":"room-3","collection":"rooms","properties":{"name":"Room 3","review_count":3}}',
    ]);
    expect(finish.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(finish.body)).toEqual({ error: "" });
    expect(start.body).toBe("");
    expect(summary).toMatchObject({
      objects: 3,
      sent: 3,
      failed: 0,
      parts: 1,
      sessions: 1,
      rawBytes: gunzipSync(upload.raw).length,
      gzipBytes: upload.raw.length,
      finishError: "",
      failures: [],
    });
  });

  it("cuts a part before its uncompressed size would pass maxPartBytes, keeping order", async () => {
    const server = await sessionRecorder();
    const maxPartBytes = 10_000;
    const rooms = writer(server.url, { maxPartBytes, concurrency: 1 });
    const all = Array.from({ length: 1000 }, (_, n) => room(n));
    for (const object of all) await rooms.write(object);
    const summary = await rooms.close();

    const uploads = server.requests.filter((r) => r.url.startsWith("/v0/upload/"));
    expect(uploads.length).toBe(summary.parts);
    expect(uploads.length).toBeGreaterThan(5);
    const lineBytes = Math.max(
      ...all.map((o) => JSON.stringify({ ...o, collection: "rooms" }).length + 1),
    );
    for (const upload of uploads) {
      const size = gunzipSync(upload.raw).length;
      expect(size).toBeLessThanOrEqual(maxPartBytes);
      if (upload !== uploads.at(-1)) expect(size).toBeGreaterThan(maxPartBytes - lineBytes);
    }
    const ids = uploads.flatMap(linesOf).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(all.map((o) => o.id));
  });

  it("keeps the order of writes that were not awaited, across part cuts, and close() takes them", async () => {
    const server = await sessionRecorder();
    const rooms = writer(server.url, { maxPartBytes: 3000, concurrency: 1 });
    const all = Array.from({ length: 300 }, (_, n) => room(n));
    // No await: some calls find a part to write into, others must wait for a cut or a new part.
    const writes = all.map((object, n) =>
      n % 7 === 0 ? rooms.write([object]) : rooms.write(object),
    );
    const summary = await rooms.close();
    await Promise.all(writes);

    const uploads = server.requests.filter((r) => r.url.startsWith("/v0/upload/"));
    expect(summary).toMatchObject({ objects: 300, sent: 300, parts: uploads.length });
    expect(uploads.length).toBeGreaterThan(5);
    const ids = uploads.flatMap(linesOf).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(all.map((o) => o.id));
  });

  it("writes a line larger than its gzip chunks whole", async () => {
    const server = await sessionRecorder();
    const rooms = writer(server.url);
    // 12 values of 30,000 characters: about 360 KB serialised, under 001's 400 KB.
    const large = {
      id: "large",
      properties: Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [
          `text_${i}`,
          String.fromCharCode(97 + i).repeat(30_000),
        ]),
      ),
    };
    await rooms.write(room(1));
    await rooms.write(large);
    await rooms.write(room(2));
    const summary = await rooms.close();

    const upload = server.requests.find((r) => r.url.startsWith("/v0/upload/"))!;
    const lines = linesOf(upload);
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([
      "room-1",
      "large",
      "room-2",
    ]);
    expect(JSON.parse(lines[1]!)).toEqual({ ...large, collection: "rooms" });
    expect(summary.rawBytes).toBe(gunzipSync(upload.raw).length);
  });

  it("starts the session while the first part is written, before close()", async () => {
    const server = await sessionRecorder();
    const rooms = writer(server.url);
    await rooms.write(room(1));
    for (let waited = 0; server.requests.length === 0 && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests.map((r) => r.url)).toEqual(["/v0/start"]);
    expect(await rooms.close()).toMatchObject({ sent: 1, sessions: 1 });
  });

  it("fails every part, and keeps it, when the session cannot be started", async () => {
    const server = await startRecorder(() => ({ status: 401, body: { message: "bad key" } }));
    cleanups.push(() => server.stop());
    const failures: BulkFailure[] = [];
    const rooms = writer(server.url, { onError: (f) => failures.push(f) });
    await rooms.write(room(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rooms.write(room(2));
    const summary = await rooms.close();
    expect(server.requests.map((r) => r.url)).toEqual(["/v0/start"]);
    expect(summary).toMatchObject({ objects: 2, sent: 0, failed: 2, sessions: 0 });
    expect(failures.map((f) => [f.objects, existsSync(f.file)])).toEqual([[2, true]]);
    expect(summary.finishError).toMatch(/part 1: the session could not be started: .*401/);
  });

  it("writes nothing and starts no session when nothing was written", async () => {
    const server = await bulkRecorder();
    const summary = await writer(server.url).close();
    expect(server.requests).toHaveLength(0);
    expect(summary).toMatchObject({ objects: 0, parts: 0, sessions: 0 });
  });
});

describe("BulkWriter: validation at write()", () => {
  it("rejects an object over 400 KB serialised, and the rest goes on", async () => {
    const running = await emulator();
    const rooms = writer(running.url);
    await rooms.write(room(1));
    const big = {
      id: "big",
      properties: Object.fromEntries(
        Array.from({ length: 14 }, (_, i) => [`text_${i}`, "x".repeat(30_000)]),
      ),
    };
    const error = (await rooms.write(big).catch((e: unknown) => e)) as SegmentValidationError;
    expect(error).toBeInstanceOf(SegmentValidationError);
    expect(error.message).toMatch(
      /The object \(id "big"\) of write\(\) is invalid: is \d+ bytes serialised; an object is at most 400 KB/,
    );
    await rooms.write(room(2));
    const summary = await rooms.close();
    expect(summary).toMatchObject({ objects: 2, sent: 2, rejected: 1 });
    const result = await running.query("select id from rooms order by id");
    expect(result.rows).toEqual([["room-1"], ["room-2"]]);
  });

  it("applies 000's rules and the validation hook, with pointers", async () => {
    const server = await bulkRecorder();
    const rooms = writer(server.url, {
      validate: (p) =>
        typeof p.name === "string" ? [] : [{ pointer: "/name", message: "is required" }],
    });
    const error = (await rooms
      .write([room(1), { id: "x", properties: {} }])
      .catch((e: unknown) => e)) as SegmentValidationError;
    expect(error.pointer).toBe("/1/properties/name");
    const nested = (await rooms
      .write({ id: "y", properties: { a: { b: 1 } as unknown as string } })
      .catch((e: unknown) => e)) as SegmentValidationError;
    expect(nested.pointer).toBe("/properties/a");
    expect((await rooms.close()).objects).toBe(0);
  });
});

describe("BulkWriter: failures and sessions", () => {
  it("reports 413 without retrying it, keeps the part's file, and finishes with the failure", async () => {
    const running = await emulator({ maxBulkFileBytes: 2000 });
    const failures: BulkFailure[] = [];
    const rooms = writer(running.url, { onError: (f) => failures.push(f) });
    for (let n = 0; n < 100; n++) await rooms.write(room(n));
    const summary = await rooms.close();

    const uploads = running.requests().filter((r) => r.path.startsWith("/v0/upload/"));
    expect(uploads.map((r) => r.status)).toEqual([413]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toBeInstanceOf(SegmentHttpError);
    expect((failures[0]!.error as SegmentHttpError).status).toBe(413);
    expect(failures[0]!.objects).toBe(100);
    expect(existsSync(failures[0]!.file)).toBe(true);
    expect(gunzipSync(readFileSync(failures[0]!.file)).toString().split("\n")).toHaveLength(101);
    expect(summary).toMatchObject({ sent: 0, failed: 100 });
    expect(summary.finishError).toMatch(/part 1: the upload failed: Segment answered 413/);
    const finish = running.requests().find((r) => r.path.startsWith("/v0/finish/"));
    expect(finish?.status).toBe(202);
  });

  it("rejects close() with throwOnFailure", async () => {
    const running = await emulator({ maxBulkFileBytes: 20 });
    const rooms = writer(running.url, { throwOnFailure: true, onError: () => {} });
    await rooms.write(room(1));
    const error = (await rooms.close().catch((e: unknown) => e)) as SegmentDeliveryError;
    expect(error).toBeInstanceOf(SegmentDeliveryError);
    expect(error.summary).toMatchObject({ sent: 0, failed: 1 });
  });

  it("sends keep-alive while idle, so that the session outlives its timeout", async () => {
    const running = await emulator({ sessionTimeoutMs: 400 });
    const rooms = writer(running.url, { keepAliveIntervalMs: 100, maxPartBytes: 500 });
    for (let n = 0; n < 10; n++) await rooms.write(room(n));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (let n = 10; n < 20; n++) await rooms.write(room(n));
    const summary = await rooms.close();

    expect(summary).toMatchObject({ sent: 20, failed: 0, sessions: 1 });
    const keepAlives = running.requests().filter((r) => r.path.startsWith("/v0/keep-alive/"));
    expect(keepAlives.length).toBeGreaterThanOrEqual(5);
    expect(keepAlives.every((r) => r.status === 200)).toBe(true);
    const result = await running.query("select count(*) from rooms");
    expect(result.rows).toEqual([[20]]);
  });

  it("restarts an expired session and uploads its parts again, losing nothing", async () => {
    const running = await emulator({ sessionTimeoutMs: 200 });
    // No keep-alive within the timeout: the session expires while the writer is idle.
    const rooms = writer(running.url, { keepAliveIntervalMs: 60_000, maxPartBytes: 500 });
    for (let n = 0; n < 10; n++) await rooms.write(room(n));
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (let n = 10; n < 20; n++) await rooms.write(room(n));
    const summary = await rooms.close();

    expect(summary).toMatchObject({ sent: 20, failed: 0, sessions: 2 });
    const starts = running.requests().filter((r) => r.path === "/v0/start");
    expect(starts).toHaveLength(2);
    expect(running.requests().some((r) => r.status === 404)).toBe(true);
    const result = await running.query("select count(*), min(id), max(review_count) from rooms");
    expect(result.rows).toEqual([[20, "room-0", 19]]);
  });

  it("lands every object through 30% faults", async () => {
    const running = await emulator({
      faults: { failureRate: 0.2, resetRate: 0.05, hangRate: 0.05, retryAfterSeconds: 0, seed: 7 },
    });
    const failures: BulkFailure[] = [];
    const rooms = writer(running.url, {
      maxPartBytes: 4000,
      timeoutMs: 300,
      uploadTimeoutMs: 300,
      retry: { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 30 },
      onError: (f) => failures.push(f),
    });
    for (let n = 0; n < 2000; n++) await rooms.write(room(n));
    const summary = await rooms.close();
    expect(failures).toEqual([]);
    expect(summary).toMatchObject({ sent: 2000, failed: 0 });
    expect(summary.retries).toBeGreaterThan(0);
    const result = await running.query("select count(*) from rooms");
    expect(result.rows).toEqual([[2000]]);
  });

  it("removes the spooled parts once the session finished", async () => {
    const running = await emulator();
    const dir = spoolDir();
    const rooms = writer(running.url, { spoolDir: dir, maxPartBytes: 1000 });
    for (let n = 0; n < 50; n++) await rooms.write(room(n));
    await rooms.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});
