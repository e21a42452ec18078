import { describe, expect, it } from "vitest";
import { snapshot, type JsonSize } from "../../packages/runtime/src/wire-object.js";
import { jsonCases, refusedValues } from "./json-cases.js";

/** What JSON.stringify makes of an object as the caller passed it (Dates through Date#toJSON). */
const expected = (id: string, properties: object) => JSON.stringify({ id, properties });

describe("snapshot: the copy sent is what JSON.stringify would send", () => {
  it.each(jsonCases)("%s", (_, properties) => {
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
  it.each(refusedValues)("%s", (_, value) => {
    expect(snapshot("1", { ok: "yes", value }, { min: 0, max: 0 })).toBeUndefined();
  });

  it("takes a string just under 32 KB", () => {
    expect(snapshot("1", { big: "é".repeat(16_383) }, { min: 0, max: 0 })).toBeDefined();
  });
});
