// Issue 3: `startEmulator({ port, db })` for tests. When the port is taken it rejects; it must not
// keep the warehouse file open (and locked against every other process) behind it.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../packages/emulator/src/index.js";

const folder = mkdtempSync(path.join(tmpdir(), "segkit-start-failure-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const emulatorEntry = new URL("../../packages/emulator/dist/index.js", import.meta.url).href;

describe("startEmulator on a port in use", () => {
  it("rejects with EADDRINUSE and leaves the warehouse file to other processes", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    const db = path.join(folder, "taken.duckdb");
    try {
      await expect(startEmulator({ port, db })).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      blocker.close();
    }
    const open = `const { openWarehouse } = await import(${JSON.stringify(emulatorEntry)});
      await (await openWarehouse(${JSON.stringify(db)})).close();`;
    await expect(
      promisify(execFile)(process.execPath, ["--input-type=module", "-e", open]),
    ).resolves.toBeDefined();
  });
});
