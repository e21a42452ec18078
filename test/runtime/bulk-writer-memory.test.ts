import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { afterAll, expect, it } from "vitest";

/**
 * Issue 4: 1 GB of NDJSON streamed through the Bulk writer, with its peak RSS under 200 MB. The
 * writer runs in a child process (its RSS is its own); the server here is a real HTTP sink that
 * gunzips every upload and counts its bytes and lines, so that nothing is lost on the way either.
 */
const gigabyte = 1024 ** 3;
const maxRss = 200 * 1024 * 1024;
const child = fileURLToPath(new URL("./bulk-stream-child.ts", import.meta.url));
const spool = mkdtempSync(join(tmpdir(), "segkit-bulk-memory-"));
afterAll(() => rmSync(spool, { recursive: true, force: true }));

interface Received {
  parts: number;
  rawBytes: number;
  lines: number;
  finished: boolean;
}

async function startSink() {
  const received: Received = { parts: 0, rawBytes: 0, lines: 0, finished: false };
  const server = createServer((request: IncomingMessage, response) => {
    const path = request.url ?? "";
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (path === "/v0/start") {
      request.resume();
      return answer(201, { sync_id: "memory" });
    }
    if (path.startsWith("/v0/upload/")) {
      const gunzip = request.pipe(createGunzip());
      gunzip.on("data", (chunk: Buffer) => {
        received.rawBytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) received.lines++;
      });
      gunzip.on("end", () => {
        received.parts++;
        answer(201, { part_id: String(received.parts) });
      });
      gunzip.on("error", (error) => answer(400, { message: error.message }));
      return;
    }
    request.resume();
    if (path.startsWith("/v0/finish/")) received.finished = true;
    answer(path.startsWith("/v0/finish/") ? 202 : 200, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

it("streams 1 GB of NDJSON through the Bulk writer with peak RSS under 200 MB", async () => {
  const sink = await startSink();
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const run = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          child,
          "--endpoint",
          sink.url,
          "--bytes",
          String(gigabyte),
          "--spool",
          spool,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let text = "";
      run.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      run.on("error", reject);
      run.on("close", (code) =>
        code === 0 ? resolve(text) : reject(new Error(`child exited ${code}`)),
      );
    });
    const { summary, maxRssBytes } = JSON.parse(output) as {
      summary: { objects: number; sent: number; failed: number; parts: number; rawBytes: number };
      maxRssBytes: number;
    };
    expect(summary.rawBytes).toBeGreaterThanOrEqual(gigabyte);
    // 512 MiB parts: 1 GiB and a little more is three parts.
    expect(summary.parts).toBe(3);
    expect(summary).toMatchObject({ sent: summary.objects, failed: 0 });
    expect(sink.received).toEqual({
      parts: summary.parts,
      rawBytes: summary.rawBytes,
      lines: summary.objects,
      finished: true,
    });
    console.log(
      `peak RSS ${(maxRssBytes / 1024 / 1024).toFixed(1)} MB for ${(summary.rawBytes / 1024 / 1024).toFixed(0)} MB of NDJSON`,
    );
    expect(maxRssBytes).toBeLessThan(maxRss);
  } finally {
    sink.close();
  }
}, 600_000);
