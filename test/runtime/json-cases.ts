/**
 * Property values for the serialisers that must write what JSON.stringify writes (object-json.ts):
 * the awkward ones, and those 000 refuses.
 */

const proto = JSON.parse('{"__proto__": "kept as data", "a": 1}') as object;

/** Properties whose JSON is easy to get wrong, by what makes them so. */
export const jsonCases: [string, object][] = [
  [
    "ASCII strings, numbers, booleans, null",
    { name: "Room", count: 47, rate: 1.5, ok: true, owner: null },
  ],
  ["numbers JSON prints oddly", { neg_zero: -0, big: 1e21, small: 5e-324, max: Number.MAX_VALUE }],
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

/** Values 000 refuses ("Values cannot be lists or objects", "less than 32KB"), and non-JSON ones. */
export const refusedValues: [string, unknown][] = [
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
