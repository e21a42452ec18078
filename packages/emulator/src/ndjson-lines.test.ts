import { describe, expect, it } from "vitest";
import { LineTooLongError, ndjsonLines } from "./ndjson-lines.js";

async function* chunksOf(...chunks: string[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

async function split(chunks: string[], maxLineBytes = 8): Promise<[number, string][]> {
  const lines: [number, string][] = [];
  for await (const batch of ndjsonLines(chunksOf(...chunks), maxLineBytes)) {
    for (const line of batch) lines.push([line.number, line.bytes.toString()]);
  }
  return lines;
}

const splits: [string, { given: string[]; want: [number, string][] }][] = [
  [
    "lines within one chunk",
    {
      given: ["a\nbb\n"],
      want: [
        [1, "a"],
        [2, "bb"],
      ],
    },
  ],
  [
    "a last line without a newline",
    {
      given: ["a\nbb"],
      want: [
        [1, "a"],
        [2, "bb"],
      ],
    },
  ],
  [
    "a line across chunks",
    {
      given: ["ab", "cd", "e\nf"],
      want: [
        [1, "abcde"],
        [2, "f"],
      ],
    },
  ],
  [
    "blank lines, numbered",
    {
      given: ["\n\na\n"],
      want: [
        [1, ""],
        [2, ""],
        [3, "a"],
      ],
    },
  ],
  [
    "\\r\\n endings",
    {
      given: ["a\r\nb\r\n"],
      want: [
        [1, "a"],
        [2, "b"],
      ],
    },
  ],
  [
    "a \\r\\n ending across chunks",
    {
      given: ["a\r", "\nb"],
      want: [
        [1, "a"],
        [2, "b"],
      ],
    },
  ],
  ["a line of exactly the limit", { given: ["12345678\n"], want: [[1, "12345678"]] }],
  ["the limit and \\r\\n across chunks", { given: ["12345678\r", "\n"], want: [[1, "12345678"]] }],
  ["no input", { given: [], want: [] }],
];

const tooLong: [string, { given: string[]; line: number }][] = [
  ["in one chunk", { given: ["a\n123456789\n"], line: 2 }],
  ["across chunks, before its end arrives", { given: ["a\n12345", "6789", "never"], line: 2 }],
  ["as the last line", { given: ["a\n123456789"], line: 2 }],
];

describe("ndjsonLines", () => {
  it.each(splits)("splits %s", async (_name, { given, want }) => {
    expect(await split(given)).toEqual(want);
  });

  it.each(tooLong)("stops at a line over the limit %s", async (_name, { given, line }) => {
    const error = await split(given).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LineTooLongError);
    expect(error).toMatchObject({ line, maxLineBytes: 8 });
  });

  it("yields the lines before a line over the limit first", async () => {
    const seen: number[] = [];
    const lines = ndjsonLines(chunksOf("a\nb\n123456789\n"), 8);
    await expect(async () => {
      for await (const batch of lines) seen.push(...batch.map((line) => line.number));
    }).rejects.toThrow(LineTooLongError);
    expect(seen).toEqual([1, 2]);
  });

  it("does not read a line past the limit", async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        read += 1;
        yield Buffer.from("xxxx");
      }
    }
    await expect(async () => {
      for await (const _ of ndjsonLines(endless(), 8));
    }).rejects.toThrow(LineTooLongError);
    expect(read).toBe(3);
  });
});
