import { describe, expect, it } from "vitest";
import { jsonString, ndjsonLine } from "../../packages/runtime/src/ndjson-line.js";
import { jsonCases, refusedValues } from "./json-cases.js";

describe("ndjsonLine: what JSON.stringify writes of {id, collection, properties}", () => {
  it.each(jsonCases)("%s", (_, properties) => {
    expect(ndjsonLine("room-1", '"rooms"', properties)).toBe(
      JSON.stringify({ id: "room-1", collection: "rooms", properties }),
    );
  });

  it("writes every single character of ids, names and values as JSON.stringify does", () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const text = `a${String.fromCharCode(unit)}b`;
      const line = ndjsonLine(text, '"rooms"', { [text]: text });
      const expected = JSON.stringify({
        id: text,
        collection: "rooms",
        properties: { [text]: text },
      });
      if (line !== expected) expect({ unit, line }).toEqual({ unit, line: expected });
    }
  });

  it("quotes a string as JSON.stringify does", () => {
    for (const text of ["", "plain", 'a"b', "a\\b", "\n", "\ud83c\udf0a", "\ud83c", "\u2028"])
      expect(jsonString(text)).toBe(JSON.stringify(text));
  });

  it("skips inherited properties", () => {
    const properties = Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 });
    expect(ndjsonLine("1", '"rooms"', properties)).toBe(
      '{"id":"1","collection":"rooms","properties":{"own":2}}',
    );
  });
});

describe("ndjsonLine: values 000 refuses", () => {
  it.each(refusedValues)("%s", (_, value) => {
    expect(ndjsonLine("1", '"rooms"', { ok: "yes", value })).toBeUndefined();
  });
});
