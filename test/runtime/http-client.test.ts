import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type FaultOptions } from "../../packages/emulator/src/index.js";
import {
  HttpClient,
  SegmentError,
  WriteKey,
  type HttpClientOptions,
} from "../../packages/runtime/src/index.js";
import { startRecorder } from "./header-recorder.js";

const secret = "wk_test_Do_Not_Leak_42";
const encoded = Buffer.from(`${secret}:`).toString("base64");
const objects = [{ id: "1", properties: { name: "Charming Beach Room" } }];
const setRequest = {
  method: "POST",
  path: "/v1/set",
  json: { collection: "rooms", objects },
  objects,
} as const;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client on a fresh server; both closed after the test. */
function client(endpoint: string, options: Partial<HttpClientOptions> = {}) {
  const http = new HttpClient({
    endpoint,
    credentials: new WriteKey(secret),
    timeoutMs: 1000,
    retry: { baseDelayMs: 10, maxDelayMs: 50, ...((options.retry as object) ?? {}) },
    ...options,
  });
  cleanups.push(() => http.close());
  return http;
}

async function emulator(faults: FaultOptions = {}) {
  const running = await startEmulator({ port: 0, faults });
  cleanups.push(() => running.stop());
  return running;
}

async function recorder(...args: Parameters<typeof startRecorder>) {
  const running = await startRecorder(...args);
  cleanups.push(() => running.stop());
  return running;
}

function emulatorStatuses(running: { requests(): readonly { path: string; status: number }[] }) {
  return running
    .requests()
    .filter((entry) => entry.path === "/v1/set")
    .map((entry) => entry.status);
}

/** The write key must not show in any rendering of an error. */
function expectNoKey(error: unknown) {
  for (const text of [
    String(error),
    (error as Error).message,
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error),
  ]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encoded);
  }
}

async function rejection(promise: Promise<unknown>): Promise<SegmentError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentError);
    expectNoKey(error);
    return error as SegmentError;
  }
  throw new Error("expected a rejection");
}

describe("HttpClient over real sockets", () => {
  it("sends Basic base64(writeKey + ':'), Content-Type and the JSON body (000)", async () => {
    const server = await recorder();
    const answer = await client(server.url).request(setRequest);
    expect(answer).toMatchObject({ status: 200, body: {}, attempts: 1 });
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/v1/set" });
    expect(sent!.headers.authorization).toBe(`Basic ${encoded}`);
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual({ collection: "rooms", objects });
  });

  it("answers with the status, the headers (names lowercased), the parsed body and the attempts", async () => {
    const server = await recorder(() => ({
      status: 201,
      headers: { "X-Request-Id": "r-1" },
      body: { sync_id: "s-1" },
    }));
    const answer = await client(server.url).request(setRequest);
    expect(answer.headers["x-request-id"]).toBe("r-1");
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.body).toEqual({ sync_id: "s-1" });
    // Read twice, parsed once: the same object.
    expect(answer.body).toBe(answer.body);
    expect(JSON.parse(JSON.stringify(answer))).toMatchObject({
      status: 201,
      headers: { "x-request-id": "r-1" },
      body: { sync_id: "s-1" },
      attempts: 1,
    });
    expect(inspect(answer)).toContain("sync_id: 's-1'");
  });

  it("gives a body that is not JSON as its text, and an empty one as undefined", async () => {
    const silent = await recorder(() => ({ status: 200 }));
    expect((await client(silent.url).request(setRequest)).body).toBeUndefined();
    const server = await recorder(() => ({
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      text: "ok — stored",
    }));
    const answer = await client(server.url).request(setRequest);
    expect(answer.body).toBe("ok — stored");
  });

  it("sends the client's headers with every request; a request's own replace them, never Authorization", async () => {
    const server = await recorder();
    const http = client(server.url, {
      headers: { "Content-Type": "application/json", "X-Trace": "a" },
    });
    await http.request({ method: "POST", path: "/v1/set", body: "{}" });
    await http.request({
      method: "POST",
      path: "/v1/set",
      body: "{}",
      headers: { "x-trace": "b", authorization: "Basic bm9wZQ==" },
    });
    expect(server.requests.map((r) => [r.headers["content-type"], r.headers["x-trace"]])).toEqual([
      ["application/json", "a"],
      ["application/json", "b"],
    ]);
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Basic ${encoded}`);
      expect(request.headers["user-agent"]).toBe("segkit-runtime");
    }
  });

  it("prefixes the endpoint's path and reuses one keep-alive connection", async () => {
    const server = await recorder();
    const http = client(`${server.url}/proxy/`);
    for (let i = 0; i < 3; i++) await http.request(setRequest);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/proxy/v1/set",
      "/proxy/v1/set",
      "/proxy/v1/set",
    ]);
    expect(server.requests.every((r) => r.headers.connection !== "close")).toBe(true);
  });

  it("lands in the emulator's warehouse", async () => {
    const running = await emulator();
    const answer = await client(running.url).request(setRequest);
    expect(answer.status).toBe(200);
    await running.drain();
    expect((await running.query("select id, name from rooms")).rows).toEqual([
      ["1", "Charming Beach Room"],
    ]);
  });

  it.each([500, 503])("retries %i until it succeeds", async (status) => {
    const server = await recorder((n) =>
      n < 2 ? { status, body: { message: "down" } } : { status: 200, body: {} },
    );
    const answer = await client(server.url).request(setRequest);
    expect(answer).toMatchObject({ status: 200, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it("retries the emulator's injected 500/503/429 faults", async () => {
    const running = await emulator({
      failureRate: 0.5,
      statuses: [500, 503, 429],
      retryAfterSeconds: 0,
      seed: 3,
    });
    const http = client(running.url, { retry: { maxAttempts: 20 } });
    for (let i = 0; i < 10; i++) expect((await http.request(setRequest)).status).toBe(200);
    const statuses = emulatorStatuses(running);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.some((s) => s !== 200)).toBe(true);
  });

  it("waits as long as 429's Retry-After says", async () => {
    const server = await recorder((n) =>
      n === 0
        ? { status: 429, headers: { "retry-after": "1" }, body: { message: "slow down" } }
        : { status: 200, body: {} },
    );
    const started = performance.now();
    const answer = await client(server.url).request(setRequest);
    expect(answer.attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
  });

  it("retries connection resets, then says how many attempts failed", async () => {
    const running = await emulator({ resetRate: 1 });
    const error = await rejection(
      client(running.url, { retry: { maxAttempts: 3 } }).request(setRequest),
    );
    expect(error).toMatchObject({
      code: "SEGKIT_NETWORK",
      attempts: 3,
      gaveUp: "all 3 attempts were used",
      objects,
    });
    expect(error.message).toMatch(/The connection failed .* after 3 attempts/);
  });

  it("times out a hanging request, retries it, and reports a timeout", async () => {
    const running = await emulator({ hangRate: 1 });
    const started = performance.now();
    const error = await rejection(
      client(running.url, { timeoutMs: 200, retry: { maxAttempts: 2 } }).request(setRequest),
    );
    expect(error).toMatchObject({ code: "SEGKIT_TIMEOUT", attempts: 2, timeoutMs: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it.each([400, 401, 403, 404, 413, 422, 501])("never retries %i", async (status) => {
    const server = await recorder(() => ({ status, body: { message: `refused with ${status}` } }));
    const error = await rejection(client(server.url).request(setRequest));
    expect(error).toMatchObject({
      code: "SEGKIT_HTTP_STATUS",
      status,
      serverMessage: `refused with ${status}`,
      attempts: 1,
      objects,
    });
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain(`Segment answered ${status}: "refused with ${status}"`);
    expect(error.message).toContain("What to do:");
  });

  it("never retries the emulator's 400 for a malformed payload", async () => {
    const running = await emulator();
    const error = await rejection(
      client(running.url).request({ ...setRequest, json: { collection: "Rooms!", objects } }),
    );
    expect(error).toMatchObject({ code: "SEGKIT_HTTP_STATUS", status: 400, attempts: 1 });
    expect(emulatorStatuses(running)).toEqual([400]);
  });

  it("stops at the time budget and says so", async () => {
    const server = await recorder(() => ({
      status: 503,
      headers: { "retry-after": "5" },
      body: { message: "down" },
    }));
    const error = await rejection(
      client(server.url, { retry: { budgetMs: 2000 } }).request(setRequest),
    );
    expect(error).toMatchObject({ code: "SEGKIT_HTTP_STATUS", status: 503, attempts: 1 });
    expect(error.gaveUp).toBe("Retry-After (5000 ms) would pass the 2000 ms retry budget");
  });

  it("aborts a hanging request when the caller's signal fires", async () => {
    const running = await emulator({ hangRate: 1 });
    const signal = AbortSignal.timeout(150);
    const error = await rejection(
      client(running.url, { timeoutMs: 5000 }).request({ ...setRequest, signal }),
    );
    expect(error).toMatchObject({ code: "SEGKIT_ABORTED", attempts: 1 });
  });

  it("aborts during the wait between retries", async () => {
    const server = await recorder(() => ({ status: 503, headers: { "retry-after": "10" } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    const error = await rejection(
      client(server.url).request({ ...setRequest, signal: controller.signal }),
    );
    expect(error.code).toBe("SEGKIT_ABORTED");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("never shows the key when inspected", () => {
    const http = client("http://127.0.0.1:9");
    for (const text of [
      inspect(http, { depth: 20, showHidden: true }),
      JSON.stringify(http),
      String(http),
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encoded);
    }
  });
});
