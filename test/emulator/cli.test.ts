import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { room, set } from "./http-client.js";

const segkit = fileURLToPath(new URL("../../generator/bin/segkit.js", import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), "segkit-dev-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [segkit, ...args], {
      cwd: folder,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe("segkit dev and segkit query", () => {
  it("queries the warehouse through the running emulator, then from the file once it stopped", async () => {
    const dev = spawn(process.execPath, [segkit, "dev", "--port", "0"], {
      cwd: folder,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      dev.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /emulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      dev.once("exit", (code) => reject(new Error(`segkit dev exited ${code}: ${output}`)));
    });
    expect(output).toMatch(/write key {4}any non-empty key/);
    expect(output).toMatch(/warehouse {4}\.segkit\/warehouse\.duckdb/);
    for (const count of [47, 48]) {
      const answer = await set(
        url,
        {
          collection: "rooms",
          objects: [
            room("2561341", { name: "Charming Beach Room Facing Ocean", review_count: count }),
          ],
        },
        { synchronous: "true" },
      );
      expect(answer.status).toBe(200);
    }
    const live = await run(["query", "select id, name, review_count from rooms"]);
    expect(live).toMatchObject({ code: 0 });
    expect(live.stdout).toBe(
      [
        "id      | name                             | review_count",
        "--------+----------------------------------+-------------",
        "2561341 | Charming Beach Room Facing Ocean | 48",
        "(1 row)",
        "",
      ].join("\n"),
    );
    const json = await run(["query", "select id, review_count from rooms", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual([{ id: "2561341", review_count: 48 }]);
    const bad = await run(["query", "select nope from rooms"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^segkit: the query failed: Binder Error/);
    expect(output).toMatch(/POST \/v1\/set 200 1 object/);

    dev.kill("SIGTERM");
    await new Promise((resolve) => dev.once("exit", resolve));
    expect(output).toMatch(/segkit dev: stopped/);
    const offline = await run(["query", "select review_count from rooms"]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^review_count\n-+\n48\n\(1 row\)\n$/);
  }, 30_000);

  it("says where the warehouse should be when there is none", async () => {
    const none = await run(["query", "select 1", "--db", "missing.duckdb"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /there is no warehouse at missing\.duckdb; start the emulator with segkit dev/,
    );
  });

  it("says so when the port is taken", async () => {
    const first = spawn(process.execPath, [segkit, "dev", "--port", "0", "--db", ":memory:"], {
      cwd: folder,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve) => {
      let text = "";
      first.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const match = /127\.0\.0\.1:(\d+)/.exec(text);
        if (match) resolve(match[1]!);
      });
    });
    const second = await run(["dev", "--port", port, "--db", ":memory:"]);
    first.kill("SIGTERM");
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`port ${port} is in use; pass --port`));
  }, 30_000);
});
