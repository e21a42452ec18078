import { describe, expect, it } from "vitest";
import { jsonString, objectJson, objectJsonHead } from "../../packages/runtime/src/object-json.js";
import { jsonCases, refusedValues } from "./json-cases.js";

/** The Bulk API's lines (001) and the Objects API's objects (000). */
const heads = [
  ["{id, collection, properties}", objectJsonHead("rooms"), { collection: "rooms" }],
  ["{id, properties}", objectJsonHead(), {}],
] as const;

describe.each(heads)("objectJson of %s: what JSON.stringify writes", (_, head, collection) => {
  const expected = (id: string, properties: object) =>
    JSON.stringify({ id, ...collection, properties });

  it.each(jsonCases)("%s", (_, properties) => {
    expect(objectJson("room-1", head, properties)).toBe(expected("room-1", properties));
  });

  it("writes every single character of ids, names and values as JSON.stringify does", () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const text = `a${String.fromCharCode(unit)}b`;
      const json = objectJson(text, head, { [text]: text });
      const want = expected(text, { [text]: text });
      if (json !== want) expect({ unit, json }).toEqual({ unit, json: want });
    }
  });

  it("joins values of every kind in every order", () => {
    const values = ["plain", 'quote"d', 7, true, null, new Date(0)];
    for (const a of values)
      for (const b of values)
        for (const c of values) {
          const properties = { a, b, c };
          expect(objectJson('id"', head, properties)).toBe(expected('id"', properties));
          expect(objectJson("id", head, { c, b })).toBe(expected("id", { c, b }));
        }
  });

  it("is exact whatever the object before it had at each place", () => {
    // Names are remembered by place from one object to the next: the same names in another
    // order, a name moving up a place, fewer or more names, names that only look alike.
    const shapes: object[] = [
      { a: 1, b: "x", c: true },
      { c: true, a: 1, b: "x" },
      { b: "x", c: true },
      { a: 1, b: "x", c: true, d: null },
      { a: 1 },
      { "a ": 1, b: 'x"', c: false },
      { a: 1, b: "x", c: true },
      Object.assign(Object.create({ a: 0 }) as object, { b: "x", a: 2 }),
    ];
    for (const first of shapes)
      for (const second of shapes) {
        expect(objectJson("1", head, first)).toBe(expected("1", first));
        expect(objectJson("2", head, second)).toBe(expected("2", second));
      }
  });

  it("skips inherited properties", () => {
    const properties = Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 });
    expect(objectJson("1", head, properties)).toBe(expected("1", { own: 2 }));
  });

  it.each(refusedValues)("refuses %s, as 000 does", (_, value) => {
    expect(objectJson("1", head, { ok: "yes", value })).toBeUndefined();
  });

  it("takes a string just under 32 KB", () => {
    expect(objectJson("1", head, { big: "é".repeat(16_383) })).toBeDefined();
  });
});

describe("jsonString", () => {
  it("quotes a string as JSON.stringify does", () => {
    for (const text of ["", "plain", 'a"b', "a\\b", "\n", "\ud83c\udf0a", "\ud83c", "\u2028"])
      expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
