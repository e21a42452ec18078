// Issue 6: "Bad input — truncated gzip, binary garbage, a 1 GB single line, invalid UTF-8, a BOM, CRLF
// line endings, blank lines, JSON nested 10,000 deep — gets clear errors, no crash, bounded memory",
// and "streaming with constant memory on multi-GB files; worker threads on large inputs".
import { execFile } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChunkBytes } from "../../generator/src/validate/source.js";
import { runSegkit } from "../cli/segkit-process.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const child = fileURLToPath(new URL("./validate-child.mjs", import.meta.url));
const inputs = path.join(repoRoot, "test/fixtures/validate/inputs");
const scratch = mkdtempSync(path.join(tmpdir(), "segkit-validate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Diagnostic {
  rule: string;
  severity: string;
  message: string;
  pointer: string;
  range: { start: { line: number; column: number } };
}
interface Report {
  summary: { errors: number; warnings: number; records: number; items: number; hidden: number };
  diagnostics: Diagnostic[];
}

/** `segkit validate … --format json` in a process of its own: the report, exit code and peak RSS. */
function validate(
  args: string[],
): Promise<{ code: number; maxRssBytes: number; report: Report; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [child, "validate", ...args, "--format", "json"],
      { cwd: repoRoot, maxBuffer: 256 << 20 },
      (error, _stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        const last = stderr.trimEnd().split("\n").at(-1)!;
        try {
          const { code, maxRssBytes, stdout } = JSON.parse(last) as {
            code: number;
            maxRssBytes: number;
            stdout: string;
          };
          resolve({ code, maxRssBytes, report: JSON.parse(stdout) as Report, stderr });
        } catch {
          reject(new Error(`validate-child printed no result:\n${stderr}`));
        }
      },
    );
  });
}

const at = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.column}`;

/**
 * Peak RSS of validating a 16 MB file (worker threads on, as for any file of 8 MB or more): what
 * the command needs whatever the input. Large inputs must stay within a few chunks of it.
 */
let smallFileRss = 0;
const headroom = 64 * 1024 * 1024;
beforeAll(async () => {
  const file = path.join(scratch, "small.ndjson");
  const line =
    JSON.stringify({
      id: "sku_1abcd",
      collection: "products",
      properties: { name: "Big", price: 1, in_stock: true, description: "z".repeat(30_000) },
    }) + "\n";
  await writeRepeated(file, "", line, Math.ceil((16 << 20) / line.length), "");
  smallFileRss = (await validate([file])).maxRssBytes;
  rmSync(file);
}, 60_000);

/** Writes `count` copies of `piece` (then `tail`) to a file, a megabyte at a time. */
async function writeRepeated(
  file: string,
  head: string,
  piece: string,
  count: number,
  tail: string,
) {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write(head);
  const block = piece.repeat(Math.max(1, Math.floor((1 << 20) / piece.length)));
  const perBlock = block.length / piece.length;
  let left = count;
  while (left >= perBlock) {
    await write(block);
    left -= perBlock;
  }
  if (left > 0) await write(piece.repeat(left));
  await write(tail);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

describe("bad input gets a clear, located error", () => {
  it("a truncated gzip file: what was read is reported, then exit 2 with how far it got", async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({
        id: String(4000000 + i),
        collection: "rooms",
        properties: { name: `Room ${i}`, location: "Oslo", max_guests: i === 9 ? 0 : 2 },
      }),
    ).join("\n");
    const gz = gzipSync(lines, { level: 9 });
    const file = path.join(scratch, "cut.ndjson.gz");
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const { code, report } = await validate([file]);
    expect(code).toBe(2);
    const rules = report.diagnostics.map((d) => `${d.rule} ${at(d)}`);
    expect(rules[0]).toMatch(/^schema 10:/);
    const unreadable = report.diagnostics.find((d) => d.rule === "unreadable")!;
    expect(unreadable.message).toMatch(
      /^the gzip stream ends early after [\d,]+ bytes of uncompressed data: the file is truncated$/,
    );
  });

  it("binary garbage: one error, and reading stops", async () => {
    const { code, report } = await validate([path.join(inputs, "bulk-binary.ndjson")]);
    expect(code).toBe(1);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ rule: "invalid-json", message: expect.stringContaining("binary") }),
    ]);
  });

  it("invalid UTF-8: the line, the byte and its column", async () => {
    const { report } = await validate([path.join(inputs, "bulk-latin1.ndjson")]);
    const bad = report.diagnostics.find((d) => d.rule === "invalid-utf8")!;
    expect(at(bad)).toBe("1:63");
    expect(bad.message).toContain("(0xE9)");
    // The rest of the file is checked as usual.
    expect(report.diagnostics.map((d) => `${d.rule} ${at(d)}`)).toContain("schema 2:103");
  });

  it("a BOM: reported, and the content still checked", async () => {
    const { report } = await validate([path.join(inputs, "bulk-bom.ndjson")]);
    expect(report.diagnostics.map((d) => `${d.rule} ${at(d)}`)).toEqual(["bom 1:1"]);
    expect(report.summary.items).toBe(1);
  });

  it("CRLF line endings and blank lines: columns without the CR, one warning for the blanks", async () => {
    const { code, report } = await validate([path.join(inputs, "bulk-crlf-blank.ndjson")]);
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => `${d.rule} ${d.severity} ${at(d)}`)).toEqual([
      "blank-line warning 2:1",
      "schema error 3:94",
    ]);
    expect(report.diagnostics[0]!.message).toBe("3 lines are blank; this is the first");
    expect(report.summary.items).toBe(3);
  });

  it("JSON nested 10,000 deep: an error where the nesting passes 1,000 levels, no crash", async () => {
    const { report } = await validate([path.join(inputs, "events-deep.ndjson")]);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        rule: "invalid-json",
        message: expect.stringContaining("deeper than 1000 levels"),
        range: expect.objectContaining({ start: expect.objectContaining({ line: 2 }) }),
      }),
    ]);
    // 100,000 deep in a .json file, too.
    const file = path.join(scratch, "deep.json");
    writeFileSync(file, "[".repeat(100_000) + "]".repeat(100_000));
    const deep = await validate([file, "--kind", "event"]);
    expect(deep.code).toBe(1);
    expect(deep.report.diagnostics[0]).toMatchObject({ rule: "invalid-json" });
  });

  it("a 1 GB single line: reported with its size, the next line still checked, memory bounded", async () => {
    const file = path.join(scratch, "one-line.ndjson");
    const oneGigabyte = 1 << 30;
    await writeRepeated(
      file,
      '{"id":"1","collection":"rooms","properties":{"name":"',
      "x".repeat(1024),
      oneGigabyte / 1024,
      '"}}\n{"id":"2","collection":"rooms","properties":{"name":"Den","location":"Rome","max_guests":99}}\n',
    );
    const { code, maxRssBytes, report } = await validate([file]);
    rmSync(file);
    expect(code).toBe(1);
    // The file is also over the Bulk API's 512 MB: both limits are reported.
    expect(report.diagnostics.map((d) => `${d.rule} ${at(d)}`)).toEqual([
      "file-too-large 1:1",
      "object-too-large 1:1",
      "schema 2:90",
    ]);
    expect(report.diagnostics[1]!.message).toMatch(
      /^the line is 1,073,741,8\d\d bytes; the Bulk API takes objects of at most 400 KB/,
    );
    // The line is never held: memory is what a 16 MB file takes, give or take a few chunks.
    expect(maxRssBytes).toBeLessThan(smallFileRss + headroom);
  }, 180_000);

  it("an event file's line too long to hold (over 16 MB) is skipped with an error", async () => {
    const file = path.join(scratch, "long-event.ndjson");
    await writeRepeated(
      file,
      '{"type":"track","event":"Products Searched","messageId":"m1","userId":"u1","properties":{"query":"',
      "y".repeat(1024),
      40 * 1024,
      '"}}\n{"type":"track","event":"Products Searched","messageId":"m2","userId":"u1","properties":{}}\n',
    );
    const { report } = await validate([file]);
    expect(report.diagnostics.map((d) => `${d.rule} ${at(d)}`)).toEqual([
      "invalid-json 1:1",
      "schema 2:89",
    ]);
    expect(report.diagnostics[0]!.message).toContain("longer than segkit reads (16 MB)");
  }, 120_000);
});

describe("contract limits of whole files", () => {
  it("a Bulk file over 512 MB uncompressed is reported once; memory stays bounded", async () => {
    const file = path.join(scratch, "big.ndjson");
    // Lines of about 30 KB (values stay under 32 KB and the schema's maxLength): 540 MB in 17,950.
    const value = "z".repeat(30_000);
    const lines = 17_950;
    const line = (i: number) =>
      JSON.stringify({
        id: `sku_${i}abcd`,
        collection: "products",
        properties: { name: "Big", price: 1, in_stock: true, description: value },
      }) + "\n";
    await writeRepeated(file, "", line(1), lines, "");
    const { code, maxRssBytes, report } = await validate([file]);
    rmSync(file);
    expect(code).toBe(1);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        rule: "file-too-large",
        message: expect.stringMatching(
          /^the file is 5\d\d,\d{3},\d{3} bytes uncompressed; a Bulk API upload is at most 512 MB/,
        ),
      }),
    ]);
    expect(report.summary.items).toBe(lines);
    // Constant memory: 540 MB take what 16 MB do, give or take a few chunks in flight.
    expect(maxRssBytes).toBeLessThan(smallFileRss + headroom);
  }, 180_000);

  it("--collection refuses objects of other collections", async () => {
    const { report } = await validate([
      path.join(inputs, "bulk-valid.ndjson"),
      "--collection",
      "rooms",
    ]);
    expect(report.diagnostics.map((d) => `${d.rule} ${at(d)} ${d.pointer}`)).toEqual([
      "collection-mismatch 1:33 /collection",
      "collection-mismatch 3:59 /collection",
    ]);
  });
});

describe("large .json files stream", () => {
  /** A {batch: [...]} of `count` pretty-printed messages, two of each 10,000 with a problem. */
  function batchText(count: number): string {
    const messages: string[] = [];
    for (let i = 0; i < count; i++) {
      const message: Record<string, unknown> = {
        type: "track",
        event: "Products Searched",
        messageId: `m${i}`,
        userId: `u${i % 100}`,
        timestamp: "2026-11-23T10:00:00Z",
        properties: { query: `mugs and cups ${i}`, note: "é😀".repeat(i % 3) },
      };
      if (i % 10_000 === 7) (message.properties as Record<string, unknown>).query = "";
      if (i % 10_000 === 9) delete message.messageId;
      messages.push("    " + JSON.stringify(message, null, 1).replaceAll("\n", "\n    "));
    }
    return `{\n  "batch": [\n${messages.join(",\n")}\n  ],\n  "context": {"library": {"name": "x"}}\n}\n`;
  }

  it("a batch over 64 MB is checked element by element: the diagnostics of a whole read, bounded memory", async () => {
    const big = path.join(scratch, "events-big.json");
    const small = path.join(scratch, "events-small.json");
    const text = batchText(290_000);
    expect(text.length).toBeGreaterThan(64 << 20);
    writeFileSync(big, text);
    writeFileSync(small, batchText(20_000));
    const streamed = await validate([big, "--max-errors", "0"]);
    const whole = await validate([small, "--max-errors", "0"]);
    rmSync(big);
    expect(streamed.code).toBe(1);
    expect(streamed.report.summary.items).toBe(290_000);
    const shown = (d: Diagnostic) =>
      `${d.rule} ${at(d)} ${d.pointer} ${(d.range.start as { offset?: number }).offset}`;
    // The small file is the big one's beginning, laid out the same: the same places.
    expect(streamed.report.diagnostics.slice(0, 4).map(shown)).toEqual(
      whole.report.diagnostics.map(shown),
    );
    expect(streamed.report.diagnostics.map((d) => d.pointer)).toContain("/batch/280009");
    expect(streamed.maxRssBytes).toBeLessThan(smallFileRss + headroom);
  }, 120_000);

  it("text that breaks the array around its items is located, and what came before is checked", async () => {
    const file = path.join(scratch, "broken.json");
    const item = JSON.stringify({
      type: "track",
      event: "Products Searched",
      messageId: "m",
      userId: "u",
      properties: { query: "q" },
    });
    const items = Array.from({ length: 700_000 }, () => item);
    writeFileSync(file, `[\n${items.join(",\n")},\n{"type": "track"} garbage\n]\n`);
    const { code, report } = await validate([file]);
    expect(code).toBe(1);
    const last = report.diagnostics.at(-1)!;
    expect(last.rule).toBe("invalid-json");
    expect(at(last)).toBe(`${700_002}:19`);
    expect(last.message).toContain('expected "," or "]" after an array item, found "g"');
    expect(report.summary.items).toBe(700_001);
  }, 120_000);
});

describe("worker threads", () => {
  it("find exactly what one thread finds, at the same lines, on a large gzip'd file", async () => {
    // About 24 MB of rooms with a problem planted every 997 lines, and non-ASCII names.
    const lines: string[] = [];
    for (let i = 0; i < 80_000; i++) {
      const properties: Record<string, unknown> = {
        name: i % 13 === 0 ? `Chambre n°${i} — vue sur mer` : `Room ${i} with a view of the bay`,
        location: "Lihue, HI",
        review_count: i % 500,
        nightly_rate: 50 + (i % 300),
        currency: "USD",
        room_type: "entire_home",
        listed_at: "2026-11-23T10:00:00Z",
      };
      if (i % 997 === 5) properties.max_guests = 99;
      if (i % 997 === 500) properties.currency = "usd";
      lines.push(
        i % 997 === 800
          ? '{"id":"broken"'
          : JSON.stringify({ id: String(5000000 + i), collection: "rooms", properties }),
      );
    }
    const text = lines.join("\n") + "\n";
    const file = path.join(scratch, "rooms.ndjson.gz");
    writeFileSync(file, gzipSync(text, { level: 1 }));
    const one = await validate([file, "--threads", "0", "--max-errors", "0"]);
    const many = await validate([file, "--threads", "2", "--max-errors", "0"]);
    expect(one.code).toBe(1);
    expect(many.report).toEqual(one.report);
    const found = one.report.diagnostics.map((d) => `${d.rule} ${d.range.start.line}`);
    expect(found).toContain("schema 6");
    expect(found).toContain("schema 501");
    expect(found).toContain("invalid-json 801");
    expect(found).toContain(`schema ${997 * 80 + 6}`);
    // 80 whole cycles of 997 lines hold three problems each; the last 240 lines hold one.
    expect(one.report.summary.errors).toBe(3 * 80 + 1);
  }, 120_000);

  it("keep counting past --max-errors, and the summary says how many were not shown", async () => {
    const run = await runSegkit(
      ["validate", path.join(inputs, "bulk-errors.ndjson"), "--max-errors", "2"],
      { cwd: repoRoot },
    );
    expect(run.code).toBe(1);
    expect(run.stdout.match(/ error /g)?.length).toBe(2);
    expect(run.stdout).toMatch(/; \d+ not shown \(--max-errors 2\)\n$/);
  });
});

describe("lines across the 1 MB chunks a file is read in", () => {
  it("are located alike wherever a chunk ends: mid-line, after a newline, before one, between CR and LF", async () => {
    const chunk = readChunkBytes;
    const room = (id: number, name: string, extra = "") =>
      `{"id":"${id}","collection":"rooms","properties":{"name":"${name}","location":"Oslo"${extra}}}`;
    /** A valid line of exactly `bytes` bytes, its end included (the name pads it). */
    const filler = (id: number, bytes: number, end: string) =>
      room(id, "x".repeat(bytes - end.length - room(id, "").length)) + end;
    const bad = (id: number) => room(id, "Bad", ',"review_count":"many"');
    let text = "";
    let lines = 0;
    const expected: string[] = [];
    const push = (line: string) => {
      text += line;
      lines++;
    };
    const planted = (line: string, end: string) => {
      expected.push(`${lines + 1}:${line.indexOf('"many"') + 1}`);
      push(line + end);
    };
    /** Valid lines up to `offset`, the last one ending there exactly. */
    const fillTo = (offset: number, end = "\n") => {
      while (offset - text.length > 400) push(filler(lines, 200, end));
      const rest = offset - text.length;
      push(filler(lines, rest - Math.floor(rest / 2), end));
      push(filler(lines, Math.floor(rest / 2), end));
    };
    const cases: ((boundary: number) => void)[] = [
      // A bad line straddles the boundary.
      (b) => {
        fillTo(b - 40);
        planted(bad(lines), "\n");
      },
      // The newline is a chunk's last byte; the bad line starts the next chunk.
      (b) => {
        fillTo(b);
        planted(bad(lines), "\n");
      },
      // The newline is the next chunk's first byte.
      (b) => {
        const line = bad(lines);
        fillTo(b - line.length);
        planted(line, "\n");
      },
      // CRLF, the CR a chunk's last byte and the LF the next one's first.
      (b) => {
        const line = bad(lines);
        fillTo(b - line.length - 1, "\r\n");
        planted(line, "\r\n");
      },
      // A bad line whose first byte is a chunk's last.
      (b) => {
        fillTo(b - 1);
        planted(bad(lines), "\n");
      },
    ];
    // Two rounds of every case: over 8 MB, so worker threads take part by default.
    const starts: number[] = [];
    for (let k = 1; k <= 2 * cases.length; k++) {
      cases[(k - 1) % cases.length]!(k * chunk);
      starts.push(text.lastIndexOf("\n", text.length - 2) + 1);
    }
    // Each case put its bad line where it says, against the boundary b.
    const b = (k: number) => k * chunk;
    expect(starts[0]).toBe(b(1) - 40);
    expect(starts[1]).toBe(b(2));
    expect(text[b(3)]).toBe("\n");
    expect(text.slice(b(4) - 1, b(4) + 1)).toBe("\r\n");
    expect(starts[4]).toBe(b(5) - 1);
    fillTo(text.length + 1000);
    const file = path.join(scratch, "boundaries.ndjson");
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(8 << 20);

    for (const threads of ["0", "2"]) {
      const run = await validate([file, "--threads", threads, "--max-errors", "0"]);
      expect(run.code).toBe(1);
      expect(run.report.diagnostics.map((d) => `${d.rule} ${at(d)} ${d.pointer}`)).toEqual(
        expected.map((position) => `schema ${position} /properties/review_count`),
      );
      expect(run.report.summary.records).toBe(lines);
    }
  }, 60_000);
});

describe("progress", () => {
  it("draws a bar on standard error with --progress (on a terminal by default), never otherwise", async () => {
    const file = path.join(scratch, "progress.ndjson");
    const line =
      JSON.stringify({
        id: "2561341",
        collection: "rooms",
        properties: { name: "Loft", location: "z".repeat(180) },
      }) + "\n";
    await writeRepeated(file, "", line, Math.ceil((40 << 20) / line.length), "");
    const shown = await runSegkit(["validate", file, "--progress"], { cwd: repoRoot });
    const hidden = await runSegkit(["validate", file], { cwd: repoRoot });
    rmSync(file);
    expect(shown.code).toBe(0);
    // After the terminal's erase-line sequence: the file, the bar, the share and the sizes.
    const erase = "\r\x1b[K";
    expect(shown.stderr.startsWith(erase)).toBe(true);
    expect(shown.stderr.split(erase)[1]).toMatch(
      /progress\.ndjson \[[#-]{24}\] \d+% [\d.]+ MB of 4\d\.\d MB/,
    );
    // The bar is cleared before the report is printed.
    expect(shown.stderr.endsWith(erase)).toBe(true);
    expect(hidden.stderr).toBe("");
  }, 60_000);
});
