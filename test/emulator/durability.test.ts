import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../packages/emulator/src/index.js";
import { room, set } from "./http-client.js";

const segkit = fileURLToPath(new URL("../../generator/bin/segkit.js", import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), "segkit-durability-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Starts `segkit dev` on a free port and resolves with its URL once it listens. */
function startDev(db: string) {
  const child = spawn(
    process.execPath,
    [segkit, "dev", "--port", "0", "--db", db, "--async-delay", "300"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`segkit dev exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, url, exited, output: () => output };
}

describe("segkit dev stopped with SIGTERM under load", () => {
  it("keeps every acknowledged object, asynchronous ones included", async () => {
    const db = path.join(folder, "warehouse.duckdb");
    const dev = startDev(db);
    const url = await dev.url;
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    // Eight senders, ten objects a request, until the emulator goes away.
    const sender = async (worker: number) => {
      while (!stop) {
        const ids = Array.from({ length: 10 }, (_, i) => `w${worker}-${sent}-${i}`);
        sent++;
        try {
          const answer = await set(url, {
            collection: "rooms",
            objects: ids.map((id) => room(id, { worker })),
          });
          if (answer.status === 200) acknowledged.push(...ids);
        } catch {
          return; // connection refused or closed: the emulator is gone
        }
      }
    };
    const senders = Array.from({ length: 8 }, (_, worker) => sender(worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    dev.child.kill("SIGTERM");
    const code = await dev.exited;
    stop = true;
    await Promise.all(senders);
    expect(code).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(500);

    const warehouse = await openWarehouse(db);
    try {
      const result = await warehouse.query("select id from rooms");
      const stored = new Set(result.rows.map((row) => row[0] as string));
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
    } finally {
      await warehouse.close();
    }
  }, 60_000);
});
