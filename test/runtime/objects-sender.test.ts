import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../packages/emulator/src/index.js";
import {
  ObjectsSender,
  SegmentDeliveryError,
  SegmentHttpError,
  SegmentValidationError,
  type DeliveryFailure,
  type ObjectsSenderOptions,
  type PropertyValue,
} from "../../packages/runtime/src/index.js";
import { startRecorder, type Recorded } from "./header-recorder.js";

type Props = Record<string, PropertyValue>;
const secret = "wk_sender_Do_Not_Leak_7";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function recorder(...args: Parameters<typeof startRecorder>) {
  const running = await startRecorder(...args);
  cleanups.push(() => running.stop());
  return running;
}

function sender(endpoint: string, options: Partial<ObjectsSenderOptions<Props>> = {}) {
  const created = new ObjectsSender<Props>({
    writeKey: secret,
    endpoint,
    collection: "rooms",
    timeoutMs: 1000,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  // close() twice is fine: it answers the same summary.
  cleanups.push(() => created.close().catch(() => undefined));
  return created;
}

const room = (n: number, properties: Props = {}) => ({
  id: `room-${n}`,
  properties: { name: `Room ${n}`, review_count: n, ...properties },
});

const bodyOf = (request: Recorded) =>
  JSON.parse(request.body) as { collection: string; objects: { id: string; properties: Props }[] };

describe("ObjectsSender: requests", () => {
  it("sends 000's request exactly: Basic auth, JSON, one collection, dates as ISO-8601", async () => {
    const server = await recorder();
    const rooms = sender(server.url, { synchronous: true });
    const listed = new Date("2026-11-23T10:00:00.123Z");
    await rooms.set({
      id: "2561341",
      properties: { name: "Charming Beach Room", listed_at: listed },
    });
    await rooms.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests as [Recorded];
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v1/set");
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${secret}:`).toString("base64")}`,
    );
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.synchronous).toBe("true");
    expect(request.body).toBe(
      '{"collection":"rooms","objects":[{"id":"2561341","properties":{"name":"Charming Beach Room","listed_at":"2026-11-23T10:00:00.123Z"}}]}',
    );
  });

  it("leaves Synchronous out unless asked", async () => {
    const server = await recorder();
    const rooms = sender(server.url);
    await rooms.set(room(1));
    await rooms.flush();
    expect(server.requests[0]!.headers.synchronous).toBeUndefined();
  });

  it("puts at most 10 objects of one collection in a request, in order", async () => {
    const server = await recorder();
    const objects = sender(server.url, { collection: undefined, synchronous: true });
    const all = Array.from({ length: 95 }, (_, n) => ({
      ...room(n),
      collection: n % 2 === 0 ? "rooms" : "products",
    }));
    await objects.set(all);
    await objects.close();

    const bodies = server.requests.map(bodyOf);
    expect(Math.max(...bodies.map((b) => b.objects.length))).toBe(10);
    for (const name of ["rooms", "products"]) {
      const sent = bodies.filter((b) => b.collection === name).flatMap((b) => b.objects);
      const expected = all.filter((o) => o.collection === name).map((o) => o.id);
      expect(sent.map((o) => o.id)).toEqual(expected);
    }
  });

  it("honours a smaller maxBatchSize and cuts a request before maxBatchBytes", async () => {
    const server = await recorder();
    const small = sender(server.url, { maxBatchSize: 3 });
    await small.set(Array.from({ length: 7 }, (_, n) => room(n)));
    await small.flush();
    expect(server.requests.map((r) => bodyOf(r).objects.length)).toEqual([3, 3, 1]);

    server.requests.length = 0;
    const text = "x".repeat(1000);
    const bytes = sender(server.url, { maxBatchBytes: 2500 });
    await bytes.set(Array.from({ length: 5 }, (_, n) => room(n, { text })));
    await bytes.flush();
    expect(server.requests.map((r) => bodyOf(r).objects.length)).toEqual([2, 2, 1]);
    for (const request of server.requests)
      expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(2500);
  });

  it("sends a partial batch after flushIntervalMs without flush()", async () => {
    const server = await recorder();
    const rooms = sender(server.url, { flushIntervalMs: 30 });
    await rooms.set([room(1), room(2)]);
    expect(server.requests).toHaveLength(0);
    await expect.poll(() => server.requests.length, { timeout: 2000 }).toBe(1);
    expect(bodyOf(server.requests[0]!).objects).toHaveLength(2);
  });

  it("sends what the object was at set(), not what it became", async () => {
    const server = await recorder();
    const rooms = sender(server.url);
    const listed = new Date("2026-11-23T10:00:00.000Z");
    const object = room(1, { listed_at: listed });
    await rooms.set(object);
    object.properties.name = "changed";
    listed.setUTCFullYear(2030);
    await rooms.flush();
    expect(bodyOf(server.requests[0]!).objects[0]!.properties).toEqual({
      name: "Room 1",
      review_count: 1,
      listed_at: "2026-11-23T10:00:00.000Z",
    });
  });

  it("keeps requests under maxBatchBytes in UTF-8 bytes, not characters", async () => {
    const server = await recorder();
    // 500 characters but 1,200 bytes (400 of 2 bytes, 100 of 4): about 1,270 bytes an object,
    // three to a request; counted by characters, seven would seem to fit.
    const text = `${"é".repeat(400)}${"🌊".repeat(100)}`;
    const rooms = sender(server.url, { maxBatchBytes: 5000 });
    await rooms.set(Array.from({ length: 7 }, (_, n) => room(n, { text })));
    await rooms.flush();
    expect(server.requests.map((r) => bodyOf(r).objects.length)).toEqual([3, 3, 1]);
    for (const request of server.requests) {
      expect(request.raw.length).toBeLessThanOrEqual(5000);
      expect(bodyOf(request).objects.every((o) => o.properties.text === text)).toBe(true);
    }
  });
});

describe("ObjectsSender: validation at set()", () => {
  it("rejects an invalid object with its JSON pointer and sends nothing of the call", async () => {
    const server = await recorder();
    const rooms = sender(server.url);
    const call = rooms.set([room(0), room(1, { tags: ["a"] as unknown as string }), room(2)]);
    await expect(call).rejects.toThrow(SegmentValidationError);
    const error = (await call.catch((e: unknown) => e)) as SegmentValidationError;
    expect(error.code).toBe("SEGKIT_VALIDATION");
    expect(error.pointer).toBe("/1/properties/tags");
    expect(error.message).toMatch(
      /Object 1 \(id "room-1"\) of set\(\) is invalid at \/1\/properties\/tags: is an array/,
    );
    await rooms.flush();
    expect(server.requests).toHaveLength(0);
    expect((await rooms.close()).rejected).toBe(3);
  });

  it("checks 000's limits: id length, value size, collection name, scalar values", async () => {
    const server = await recorder();
    const rooms = sender(server.url);
    const cases: [unknown, string, RegExp][] = [
      [{ id: "x".repeat(101), properties: {} }, "/id", /at most 100/],
      [{ id: "", properties: {} }, "/id", /empty/],
      [{ id: 7, properties: {} }, "/id", /must be a string/],
      [{ id: "a", properties: { big: "é".repeat(16_384) } }, "/properties/big", /32 KB/],
      [{ id: "a", properties: { nested: { a: 1 } } }, "/properties/nested", /is an object/],
      [{ id: "a", properties: { n: Number.NaN } }, "/properties/n", /JSON cannot carry/],
      [{ id: "a", properties: { d: new Date("nope") } }, "/properties/d", /invalid Date/],
      [{ id: "a", properties: {}, collection: "Rooms" }, "/collection", /uppercase/],
      [{ id: "a", properties: [] }, "/properties", /must be an object/],
      [{ id: "a", properties: new Map([["a", 1]]) }, "/properties", /must be an object/],
      [{ id: "a", properties: new Date(0) }, "/properties", /must be an object/],
      [{ id: "a", properties: {}, collection: "rooms_" }, "/collection", /ends with an underscore/],
    ];
    for (const [object, pointer, message] of cases) {
      const error = (await rooms
        .set(object as never)
        .catch((e: unknown) => e)) as SegmentValidationError;
      expect(error, pointer).toBeInstanceOf(SegmentValidationError);
      expect(error.pointer).toBe(pointer);
      expect(error.message).toMatch(message);
    }
    // 32 KB is bytes, not characters: 16,383 two-byte characters are 32,766 bytes, just below.
    await rooms.set({ id: "a", properties: { big: "é".repeat(16_383) } });
    // Properties without a prototype are plain objects too.
    await rooms.set({
      id: "b",
      properties: Object.assign(Object.create(null) as object, { a: 1 }),
    });
  });

  it("runs the validation hook on properties and locates its problems under /properties", async () => {
    const server = await recorder();
    const rooms = sender(server.url, {
      validate: (properties) =>
        typeof properties.review_count === "number" && properties.review_count >= 0
          ? []
          : [{ pointer: "/review_count", message: "must be >= 0" }],
    });
    const error = (await rooms.set(room(-1)).catch((e: unknown) => e)) as SegmentValidationError;
    expect(error.pointer).toBe("/properties/review_count");
    expect(error.message).toContain("must be >= 0");
    expect(error.objects).toEqual([room(-1)]);
    await rooms.set(room(1));
    await rooms.flush();
    expect(server.requests).toHaveLength(1);
  });
});

describe("ObjectsSender: failures", () => {
  for (const status of [400, 401, 403, 404, 413, 422]) {
    it(`does not retry ${status}, and hands the batch to onError`, async () => {
      const server = await recorder(() => ({ status, body: { message: `no (${status})` } }));
      const failures: DeliveryFailure<Props>[] = [];
      const rooms = sender(server.url, { onError: (failure) => failures.push(failure) });
      await rooms.set([room(1), room(2)]);
      const summary = await rooms.close();

      expect(server.requests).toHaveLength(1);
      expect(summary).toMatchObject({ sent: 0, failed: 2, retries: 0, requests: 1, failures: [] });
      expect(failures).toHaveLength(1);
      expect(failures[0]!.collection).toBe("rooms");
      expect(failures[0]!.objects.map((o) => o.id)).toEqual(["room-1", "room-2"]);
      expect(failures[0]!.error).toBeInstanceOf(SegmentHttpError);
      expect((failures[0]!.error as SegmentHttpError).serverMessage).toBe(`no (${status})`);
      expect(failures[0]!.error.message).not.toContain(secret);
    });
  }

  it("keeps failures in the summary, warns, and rejects close() with throwOnFailure", async () => {
    const server = await recorder(() => ({ status: 400, body: { message: "bad" } }));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    cleanups.push(async () => process.off("warning", onWarning));

    const kept = sender(server.url);
    await kept.set(room(1));
    const summary = await kept.close();
    expect(summary.failed).toBe(1);
    expect(summary.failures[0]!.objects[0]!.id).toBe("room-1");
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/1 objects of "rooms" failed for good/);

    const strict = sender(server.url, { throwOnFailure: true, onError: () => {} });
    await strict.set(room(2));
    const error = (await strict.close().catch((e: unknown) => e)) as SegmentDeliveryError;
    expect(error).toBeInstanceOf(SegmentDeliveryError);
    expect(error.code).toBe("SEGKIT_DELIVERY");
    expect(error.summary).toMatchObject({ sent: 0, failed: 1 });
    await expect(strict.set(room(3))).rejects.toThrow(/sender is closed/);
  });

  it("retries 500s and counts the retries", async () => {
    const server = await recorder((n) => (n < 2 ? { status: 500 } : { status: 200, body: {} }));
    const rooms = sender(server.url);
    await rooms.set(room(1));
    const summary = await rooms.close();
    expect(summary).toMatchObject({ sent: 1, failed: 0, retried: 1, retries: 2, requests: 1 });
  });

  it("never shows the write key", async () => {
    const rooms = sender("http://127.0.0.1:9");
    expect(inspect(rooms)).not.toContain(secret);
    expect(JSON.stringify(rooms)).not.toContain(secret);
  });
});

describe("ObjectsSender: flow", () => {
  it("makes set() wait when maxQueuedObjects are held", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A server that answers only once the gate opens: requests stay in flight.
    const slow = await recorder(async () => {
      await gate;
      return { status: 200, body: {} };
    });
    const rooms = sender(slow.url, { maxQueuedObjects: 20, maxConcurrentRequests: 1 });
    await rooms.set(Array.from({ length: 20 }, (_, n) => room(n)));
    let queued = false;
    const waiting = rooms.set(room(20)).then(() => (queued = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queued).toBe(false);
    release();
    await waiting;
    const summary = await rooms.close();
    expect(summary.sent).toBe(21);
  });

  it("lets the event loop run while a caller awaits set() after set() and requests are in flight", async () => {
    const server = await recorder();
    const rooms = sender(server.url);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    // 300 objects of some 40 bytes: well under maxQueuedObjects, so no call waits for room; a
    // set() that always resolved at once would never let `count` run.
    for (let n = 0; n < 300; n++) await rooms.set(room(n));
    counting = false;
    expect(turns).toBeGreaterThan(0);
    expect((await rooms.close()).sent).toBe(300);
    expect(server.requests).toHaveLength(30);
  });

  it("under synchronous, keeps each collection's order: a retried batch goes before later ones", async () => {
    // Every third request fails with 503: the batch must be sent again before the next one.
    const server = await recorder((n) =>
      n % 3 === 1 ? { status: 503 } : { status: 200, body: {} },
    );
    const rooms = sender(server.url, { synchronous: true, maxConcurrentRequests: 4 });
    for (let n = 0; n < 60; n++) await rooms.set(room(n));
    const summary = await rooms.close();
    expect(summary).toMatchObject({ sent: 60, failed: 0 });

    const firstIds = server.requests.map((r) => Number(bodyOf(r).objects[0]!.id.slice(5)));
    for (let i = 1; i < firstIds.length; i++)
      expect(firstIds[i]!, `request ${i}`).toBeGreaterThanOrEqual(firstIds[i - 1]!);
    expect(server.requests.length).toBeGreaterThan(6);
  });
});

describe("ObjectsSender: against the emulator", () => {
  it("lands objects merged by id, synchronous", async () => {
    const emulator = await startEmulator({ port: 0 });
    cleanups.push(() => emulator.stop());
    const rooms = sender(emulator.url, { synchronous: true });
    await rooms.set([room(1), room(2)]);
    await rooms.set({ id: "room-1", properties: { review_count: 48 } });
    await rooms.close();
    const result = await emulator.query("select id, name, review_count from rooms order by id");
    expect(result.rows).toEqual([
      ["room-1", "Room 1", 48],
      ["room-2", "Room 2", 2],
    ]);
  });
});
