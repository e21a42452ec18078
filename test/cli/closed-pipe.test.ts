// `segkit validate payloads/ | head -1`: the reader goes away before segkit has printed. The rest
// of the output has nowhere to go; segkit must not die of it with a stack trace, and its exit code
// must still be the command's own.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(repoRoot, "generator/bin/segkit.js");

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed before segkit has loaded: its first write finds no reader (EPIPE).
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("a reader that closes the pipe early", () => {
  it("leaves segkit validate's exit code its own, with nothing on stderr", async () => {
    // The fixtures hold invalid records and an unreadable file: exit 2, a report of many lines.
    const run = await runWithClosedStdout([
      "validate",
      "test/fixtures/validate/inputs",
      "--format",
      "json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
  });

  it("leaves segkit check's exit code its own", async () => {
    const run = await runWithClosedStdout(["check", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
