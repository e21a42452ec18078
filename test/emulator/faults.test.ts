import { request } from "undici";
import { describe, expect, it } from "vitest";
import { startEmulator, type FaultOptions } from "../../packages/emulator/src/index.js";
import { room, set } from "./http-client.js";

const payload = { collection: "rooms", objects: [room("1", { name: "x" })] };

async function withEmulator<T>(faults: FaultOptions, run: (url: string) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ port: 0, faults });
  try {
    return await run(emulator.url);
  } finally {
    await emulator.stop();
  }
}

describe("fault injection", () => {
  it("answers 429 with Retry-After and a JSON message", async () => {
    await withEmulator({ failureRate: 1, statuses: [429], retryAfterSeconds: 2 }, async (url) => {
      const answer = await set(url, payload);
      expect(answer.status).toBe(429);
      expect(answer.headers["retry-after"]).toBe("2");
      expect(answer.body).toEqual({ message: "injected fault: 429" });
    });
  });

  it("gives the same faults in the same order for the same seed", async () => {
    const run = (seed: number) =>
      withEmulator({ failureRate: 0.5, statuses: [500, 503], seed }, async (url) => {
        const statuses: number[] = [];
        for (let i = 0; i < 24; i++) statuses.push((await set(url, payload)).status);
        return statuses;
      });
    const [first, again, other] = [await run(7), await run(7), await run(8)];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });

  it("resets connections", async () => {
    await withEmulator({ resetRate: 1 }, async (url) => {
      await expect(set(url, payload)).rejects.toMatchObject({
        code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/),
      });
    });
  });

  it("leaves requests hanging until the client gives up, and still stops promptly", async () => {
    const emulator = await startEmulator({ port: 0, faults: { hangRate: 1 } });
    const hung = request(`${emulator.url}/v1/set`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      headersTimeout: 300,
    });
    await expect(hung).rejects.toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
    const started = performance.now();
    await emulator.stop();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("adds latency", async () => {
    await withEmulator({ latencyMs: 150 }, async (url) => {
      const started = performance.now();
      expect((await set(url, payload)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  it("never touches the /_emulator routes", async () => {
    await withEmulator({ failureRate: 1 }, async (url) => {
      const response = await request(`${url}/_emulator/requests`);
      expect(response.statusCode).toBe(200);
      await response.body.dump();
    });
  });
});
