// Generated validators call @segkit/runtime for ajv's run-time helpers and format checks, and the
// runtime takes shortcuts in the ones objects reach most. They must answer exactly as ajv's own
// (what ajv compiling a schema at run time uses): `ajvFormats` as ajv-formats' "full" formats, the
// same verdict for every string and the same shape (segkit generate compiled each call for the
// shape ajv-formats gives the format), and `ajvRuntime.ucs2length` as ajv's count of characters.
import ucs2length from "ajv/dist/runtime/ucs2length.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { ajvFormats, ajvRuntime } from "../../packages/runtime/src/validation.js";
import { formatSamples, ValueSource } from "./value-corpus.js";

const corpusSize = 50_000;

type Check = (str: string) => boolean;

/** How ajv's generated code calls a format of this shape. */
function checkOf(format: unknown): Check {
  if (typeof format === "function") return format as Check;
  if (format instanceof RegExp) return (str) => format.test(str);
  return (str) => (format as { validate: Check }).validate(str);
}

function shapeOf(format: unknown): string {
  if (typeof format === "function") return "function";
  if (format instanceof RegExp) return "RegExp";
  if (typeof format === "object" && format !== null)
    return `definition of ${Object.keys(format).sort().join(", ")}`;
  return typeof format;
}

/** Strings on the edges of each grammar: what a scan can get wrong and the pattern gets right. */
const edges: Record<string, string[]> = {
  date: ["2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "2026-1-01"],
  time: [
    "23:59:60Z",
    "23:59:60.5Z",
    "00:59:60+01:00",
    "22:59:60-01:00",
    "23:59:61Z",
    "10:59:59.99999999999999999Z",
    "23:59:59.99999999999999999Z",
    "23:59:60.99999999999999999Z",
    "10:00:00+0530",
    "10:00:00+05",
    "10:00:00+05:",
    "10:00:00+05:3",
    "10:00:00+24:00",
    "10:00:00+23:60",
    "10:00:00.Z",
    "10:00:00",
    "10:00:00z",
    "10:00:00\nZ",
  ],
  "date-time": [
    "2026-11-23T10:00:00Z",
    "2026-11-23t10:00:00z",
    "2026-11-23 10:00:00Z",
    ...[..."\t\n\v\f\r"].map((space) => `2026-11-23${space}10:00:00Z`),
    "2026-11-23\u00a010:00:00Z",
    "2026-11-23\u200110:00:00Z",
    "2026-11-23\u202810:00:00Z",
    "2026-11-23\ufeff10:00:00Z",
    "2026-11-23\u018510:00:00Z",
    "2026-11-23\u017f10:00:00Z",
    "2026-11-23TT10:00:00Z",
    "2026-11-23T10:00:00ZT",
    "2026-11-23T10:00:00.000Z",
    "2026-11-23T",
    "2026-11-23",
  ],
  uri: [
    "https://example.com/a",
    "HTTPS://EXAMPLE.COM/A?B=C#D",
    "http://a.b:80/x/y?z=1#f",
    "s:///a",
    "s://:8/",
    "s://h:/",
    "s://h?#",
    "s://h/p%20q",
    "s://u@h/",
    "s://[::1]/",
    "s://h/a:b@c",
    "s://h#a/b?c",
    "s://h#a#b",
    "a:b",
    "mailto:someone@example.com",
    "1s://h",
    "s://h h",
  ],
};

/** Characters that sit in or next to each grammar, and ones a case-insensitive match may fold. */
const pieces = [
  ..."0123456789:-.+TtZz @/#?%&=abcXY",
  ..."\t\n\v\f\r",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u3000",
  "\u017f",
  "\u212a",
  "😀",
];

describe("ajvFormats answers as ajv-formats' full formats", () => {
  it("keeps the shape of every format", () => {
    const full = fullFormats as Record<string, unknown>;
    expect(Object.keys(ajvFormats).sort()).toEqual(Object.keys(full).sort());
    for (const name of Object.keys(full))
      expect([name, shapeOf(ajvFormats[name])]).toEqual([name, shapeOf(full[name])]);
  });

  it.each(["date", "time", "date-time", "uri", "email", "uuid", "ipv4", "hostname"])(
    "%s",
    (name) => {
      const ours = checkOf(ajvFormats[name]);
      const theirs = checkOf((fullFormats as Record<string, unknown>)[name]);
      const sample = formatSamples[name]!;
      const r = new ValueSource(name.length * 7919);
      const disagreements: [string, boolean, boolean][] = [];
      let valid = 0;
      const strings = [...(edges[name] ?? [])];
      while (strings.length < corpusSize)
        strings.push(
          r.oneOf<string>(
            [4, () => sample(r)],
            [3, () => r.mutate(r.mutate(sample(r)))],
            [
              2,
              () => {
                const chars = [...sample(r)];
                chars[r.int(0, chars.length)] = r.pick(pieces);
                return chars.join("");
              },
            ],
            [1, () => r.string(pieces, 0, 30)],
          ),
        );
      for (const str of strings) {
        const answer = ours(str);
        if (answer !== theirs(str) && disagreements.length < 10)
          disagreements.push([str, answer, !answer]);
        if (answer) valid++;
      }
      expect(disagreements).toEqual([]);
      expect(valid).toBeGreaterThanOrEqual(corpusSize * 0.1);
      expect(corpusSize - valid).toBeGreaterThanOrEqual(corpusSize * 0.1);
    },
  );
});

describe("ajvRuntime.ucs2length counts as ajv's ucs2length", () => {
  it("on text with astral characters, pairs, lone and reversed surrogates", () => {
    const ours = ajvRuntime.ucs2length as (str: string) => number;
    const theirs = ((ucs2length as unknown as { default?: unknown }).default ?? ucs2length) as (
      str: string,
    ) => number;
    const r = new ValueSource(2);
    const surrogates = ["\uD83D", "\uDE00", "\uDBFF", "\uDC00", "\uD800\uDFFF", "😀"];
    const strings = ["", "\uD83D", "\uDE00\uD83D", "😀😀", "a\uD83D"];
    while (strings.length < corpusSize)
      strings.push(
        r.oneOf<string>(
          [3, () => r.text(0, 12)],
          [1, () => r.string([...surrogates, "a", "é"], 0, 8)],
        ),
      );
    const disagreements = strings.filter((str) => ours(str) !== theirs(str));
    expect(disagreements).toEqual([]);
  });
});
