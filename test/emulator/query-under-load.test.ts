// Issue 3: `segkit query` works "also while `segkit dev` is running", and a job may be sending all
// the while. A query waits for the objects acknowledged before it, not for every object sent after.
import { describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../packages/emulator/src/index.js";
import { finish, gzipLines, line, startSession, upload } from "./bulk-client.js";
import { room, set } from "./http-client.js";

/**
 * Four senders call `send` with fresh ids until the test ends; `send` resolves true when the
 * emulator acknowledged the id. Checks that a query made meanwhile answers within 5 s and holds
 * every id acknowledged before it was made.
 */
async function queryUnderLoad(
  emulator: Emulator,
  send: (id: string) => Promise<boolean>,
): Promise<void> {
  let stopped = false;
  let sent = 0;
  const acknowledged: string[] = [];
  const senders = Array.from({ length: 4 }, async () => {
    while (!stopped) {
      const id = `o${sent++}`;
      if (await send(id)) acknowledged.push(id);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = [...acknowledged];
    const gaveUp = new Promise<"still waiting after 5 s">(
      (resolve) => (timer = setTimeout(() => resolve("still waiting after 5 s"), 5000)),
    );
    const answer = await Promise.race([emulator.query("select id from rooms"), gaveUp]);
    expect(answer).not.toBe("still waiting after 5 s");
    const stored = new Set((answer as { rows: unknown[][] }).rows.map((row) => row[0]));
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((id) => !stored.has(id))).toEqual([]);
  } finally {
    clearTimeout(timer);
    stopped = true;
    await Promise.all(senders);
    await emulator.stop();
  }
}

describe("a query while objects keep arriving", () => {
  it("answers while asynchronous /v1/set batches keep being queued", async () => {
    const emulator = await startEmulator({ port: 0, asyncMaxDelayMs: 200 });
    await queryUnderLoad(emulator, async (id) => {
      const answer = await set(emulator.url, { collection: "rooms", objects: [room(id, {})] });
      return answer.status === 200;
    });
  });

  it("answers while bulk sessions keep finishing", async () => {
    const emulator = await startEmulator({ port: 0 });
    await queryUnderLoad(emulator, async (id) => {
      const session = await startSession(emulator.url);
      await upload(emulator.url, session, gzipLines([line("rooms", id, { n: 1 })]));
      return (await finish(emulator.url, session)).status === 202;
    });
  });
});
