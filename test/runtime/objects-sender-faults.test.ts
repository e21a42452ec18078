import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../packages/emulator/src/index.js";
import { ObjectsSender, type DeliveryFailure } from "../../packages/runtime/src/index.js";

/**
 * Issue 4's promise: with 30% of requests failing (500, 503, 429 with Retry-After, resets, hangs
 * past the timeout), every one of 100,000 objects ends in the warehouse with its latest values, and
 * none is reported lost. Each tenth object is set a second time, later, with new values: the
 * warehouse must show those.
 */
const collections = [
  "rooms",
  "products",
  "reviews",
  "hosts",
  "bookings",
  "cities",
  "amenities",
  "payouts",
  "listings",
  "guests",
];
const perCollection = 10_000;
const total = collections.length * perCollection;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    faults: {
      failureRate: 0.2,
      statuses: [500, 503, 429],
      // Retry-After is sent with every 429 and 503; 0 keeps 100,000 objects within a test's time
      // (honouring a longer one is tested in http-client.test.ts).
      retryAfterSeconds: 0,
      resetRate: 0.05,
      hangRate: 0.05,
      seed: 42,
    },
  });
});
afterAll(() => emulator.stop());

it("lands 100,000 objects with their latest values through 30% faults, losing none", async () => {
  const failures: DeliveryFailure<Record<string, string | number>>[] = [];
  const sender = new ObjectsSender<Record<string, string | number>>({
    writeKey: "test-key",
    endpoint: emulator.url,
    synchronous: true,
    maxConcurrentRequests: collections.length,
    timeoutMs: 150,
    retry: { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 30 },
    onError: (failure) => failures.push(failure),
  });

  // Collections interleaved, as an application would send them; every tenth object again later.
  for (let n = 0; n < perCollection; n++) {
    for (const collection of collections) {
      await sender.set({
        collection,
        id: `${collection}-${n}`,
        properties: { n, version: 1, label: `first ${n}` },
      });
      const earlier = n - 50;
      if (earlier >= 0 && earlier % 10 === 0)
        await sender.set({
          collection,
          id: `${collection}-${earlier}`,
          properties: { version: 2, label: `second ${earlier}` },
        });
    }
  }
  for (const collection of collections)
    for (let earlier = perCollection - 50; earlier < perCollection; earlier++)
      if (earlier % 10 === 0)
        await sender.set({
          collection,
          id: `${collection}-${earlier}`,
          properties: { version: 2, label: `second ${earlier}` },
        });
  const summary = await sender.close();

  expect(failures).toEqual([]);
  expect(summary.failed).toBe(0);
  expect(summary.sent).toBe(total + total / 10);
  expect(summary.retries).toBeGreaterThan(0);

  const faults = emulator.requests().filter((r) => r.fault).length;
  expect(faults).toBeGreaterThan(0);
  for (const collection of collections) {
    const result = await emulator.query(
      `select count(*) as objects,
              count(*) filter (where version <> case when n % 10 = 0 then 2 else 1 end
                                  or label <> case when n % 10 = 0 then 'second ' else 'first ' end || n)
                as stale
       from ${collection}`,
    );
    expect(result.rows, collection).toEqual([[perCollection, 0]]);
  }
}, 300_000);
