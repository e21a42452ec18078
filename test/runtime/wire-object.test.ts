import { describe, expect, it } from "vitest";
import { snapshot, type JsonSize } from "../../packages/runtime/src/wire-object.js";

/** What JSON.stringify makes of an object as the caller passed it (Dates through Date#toJSON). */
const expected = (id: string, properties: object) => JSON.stringify({ id, properties });

const proto = JSON.parse('{"__proto__": "kept as data", "a": 1}') as object;

describe("snapshot: the copy sent is what JSON.stringify would send", () => {
  const cases: [string, object][] = [
    [
      "ASCII strings, numbers, booleans, null",
      { name: "Room", count: 47, rate: 1.5, ok: true, owner: null },
    ],
    [
      "numbers JSON prints oddly",
      { neg_zero: -0, big: 1e21, small: 5e-324, max: Number.MAX_VALUE },
    ],
    ["two- and three-byte characters", { city: "Zürich", name: "東京の部屋" }],
    ["astral characters (surrogate pairs)", { emoji: "🏖️🌊", math: "𝔸" }],
    ["lone surrogates, escaped by JSON.stringify", { high: "a\ud800b", low: "\udc00" }],
    [
      "quotes, backslashes, control characters",
      { text: 'say "hi"\\\n\t\u0001\u001f', line: "\u2028" },
    ],
    ["keys that need escaping", { 'a"b': 1, "c\\d": 2, é: 3, "\u0000": 4 }],
    ["integer-like keys, in JSON.stringify's order", { b: 1, 2: "two", a: 3, 1: "one" }],
    ["dates as ISO-8601", { listed_at: new Date("2026-11-23T10:00:00.123Z") }],
    ["an own __proto__ key", proto],
    ["no properties", {}],
  ];

  it.each(cases)("%s", (_, properties) => {
    const size: JsonSize = { min: 0, max: 0 };
    const wire = snapshot("room-1", properties, size)!;
    const json = JSON.stringify(wire);
    expect(json).toBe(expected("room-1", properties));
    const bytes = Buffer.byteLength(json);
    expect(size.min).toBeLessThanOrEqual(bytes);
    expect(size.max).toBeGreaterThanOrEqual(bytes);
  });

  it("bounds the size of every single character, at its worst", () => {
    const size: JsonSize = { min: 0, max: 0 };
    for (let unit = 0; unit < 0x10000; unit++) {
      const text = String.fromCharCode(unit).repeat(3);
      const json = JSON.stringify(snapshot(text, { [text]: text }, size));
      const bytes = Buffer.byteLength(json);
      if (size.min > bytes || size.max < bytes) expect({ unit, bytes, size }).toBeUndefined();
    }
  });

  it("copies: changing the object afterwards changes nothing sent", () => {
    const listed = new Date("2026-11-23T10:00:00.000Z");
    const properties: Record<string, unknown> = { name: "Room", listed_at: listed };
    const wire = snapshot("1", properties, { min: 0, max: 0 })!;
    properties.name = "changed";
    properties.extra = 1;
    listed.setUTCFullYear(2030);
    expect(JSON.stringify(wire)).toBe(
      '{"id":"1","properties":{"name":"Room","listed_at":"2026-11-23T10:00:00.000Z"}}',
    );
  });

  it("skips inherited properties, as JSON.stringify does", () => {
    const properties = Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 });
    expect(JSON.stringify(snapshot("1", properties, { min: 0, max: 0 }))).toBe(
      '{"id":"1","properties":{"own":2}}',
    );
  });
});

describe("snapshot: values 000 refuses", () => {
  const refused: [string, unknown][] = [
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an array", ["a"]],
    ["an object", { a: 1 }],
    ["undefined", undefined],
    ["an invalid Date", new Date("nope")],
    ["a function", () => 1],
    ["a bigint", 1n],
    ["a string of 32 KB", "é".repeat(16_384)],
  ];

  it.each(refused)("%s", (_, value) => {
    expect(snapshot("1", { ok: "yes", value }, { min: 0, max: 0 })).toBeUndefined();
  });

  it("takes a string just under 32 KB", () => {
    expect(snapshot("1", { big: "é".repeat(16_383) }, { min: 0, max: 0 })).toBeDefined();
  });
});
