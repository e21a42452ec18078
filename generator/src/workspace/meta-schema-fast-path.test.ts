import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { isPlainObject } from "./json-pointer.js";
import { compileFastPath } from "./meta-schema-fast-path.js";
import { readMetaSchema, type MetaSchemaName } from "./meta-schemas.js";
import { seededRandom } from "@segkit/emulator/random";

const schemaFolder = new URL("../../../schemas/", import.meta.url);

function examples(folder: string): unknown[] {
  const url = new URL(`${folder}/`, schemaFolder);
  return readdirSync(url)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(new URL(name, url), "utf8")) as unknown);
}

function ajvFor(name: MetaSchemaName) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addSchema(readMetaSchema("json-schema"));
  return ajv.compile(readMetaSchema(name));
}

function fastPathFor(name: MetaSchemaName) {
  return compileFastPath(readMetaSchema(name), [readMetaSchema("json-schema")]);
}

const keywords = [
  "type", "properties", "items", "enum", "const", "anyOf", "allOf", "required", "maxLength",
  "minLength", "pattern", "additionalProperties", "patternProperties", "$ref", "definitions",
  "not", "format", "uniqueItems", "minItems", "x-note", "requried", "toString", "__proto__",
  "name", "events", "collection", "traits", "identify", "dependencies", "multipleOf",
  "rules", "output", "schemas", "packages", "meta-schema", "collection-name", "propertyNames",
]; // prettier-ignore

/** A value that is sometimes what the meta-schema wants there, and often not. */
function randomValue(next: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  switch (Math.floor(next() * (depth > 2 ? 7 : 11))) {
    case 0:
      return pick(["string", "integer", "number", "object", "array", "boolean", "null", "strin"]);
    case 1:
      return pick([0, 1, -1, 2.5, 100, 1e21, -0]);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return pick(["", "x", "#/definitions/a", "ü", "\ud83d\ude00"]);
    case 5:
      return [];
    case 6:
      return {};
    case 7:
      return [randomValue(next, depth + 1), randomValue(next, depth + 1)];
    case 8:
      return pick([
        ["string", "string"],
        ["a", "b"],
        [1, "1"],
        [{}, {}],
        ["null", "number"],
      ]);
    default:
      return { [pick(keywords)]: randomValue(next, depth + 1) };
  }
}

type Holder = Record<string, unknown>;

/** Replaces, removes or adds one value somewhere in `document`. */
function mutate(document: unknown, next: () => number): unknown {
  const holders: [Holder, string, "array" | "object"][] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        holders.push([value as unknown as Holder, String(index), "array"]);
        walk(item);
      });
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        holders.push([value, key, "object"]);
        walk(value[key]);
      }
    }
  };
  walk(document);
  const [holder, key, kind] = holders[Math.floor(next() * holders.length)] ?? [{}, "", "object"];
  const current = holder[key];
  const roll = next();
  if (roll < 0.2 && kind === "object") delete holder[key];
  else if (roll < 0.5 && isPlainObject(current))
    // As JSON.parse does: an own property even for "__proto__", which `=` would not make.
    Object.defineProperty(current, keywords[Math.floor(next() * keywords.length)]!, {
      value: randomValue(next),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  else holder[key] = randomValue(next);
  return document;
}

describe("the meta-schema fast path", () => {
  const config = JSON.parse(
    readFileSync(new URL("../segkit.config.json", schemaFolder), "utf8"),
  ) as unknown;
  const cases = [
    ["collection", examples("collections")],
    ["tracking-plan", examples("events")],
    // Checked at every command's start: ajv compiling its meta-schema cost 80–110 ms of it.
    ["segkit.config", [config, { schemas: { collections: "c" }, rules: { "meta-schema": "off" } }]],
  ] as const;

  it.each(cases)("vouches for the example %s files", (name, documents) => {
    const fast = fastPathFor(name);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) expect(fast(document)).toBe(true);
  });

  it.each(cases)("vouches only for mutated %s files that ajv accepts too", (name, documents) => {
    const fast = fastPathFor(name);
    const validate = ajvFor(name);
    const next = seededRandom(7);
    let agreed = 0;
    let validCount = 0;
    const total = 3000;
    for (let i = 0; i < total; i++) {
      let document = structuredClone(documents[i % documents.length]);
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) document = mutate(document, next);
      const vouched = fast(document);
      let valid: boolean | "ajv throws";
      try {
        valid = validate(document);
      } catch {
        // fast-deep-equal calls a "toString" key of the data; the fast path must not vouch then.
        valid = "ajv throws";
      }
      if (vouched) expect({ document, valid }).toEqual({ document, valid: true });
      if (vouched === valid) agreed++;
      if (valid === true) validCount++;
    }
    // Not sure is allowed, but a fast path that is never sure would be no use.
    // Enough mutations keep the file valid for the fast path's yes to be tested.
    expect(validCount / total).toBeGreaterThan(0.1);
    expect(agreed / total).toBeGreaterThan(0.95);
  });

  it("is not sure about keywords it does not know", () => {
    expect(compileFastPath({ type: "object", minProperties: 1 }, [])({ a: 1 })).toBe(false);
    expect(compileFastPath({ not: { type: "string" } }, [])(1)).toBe(false);
  });

  it("is not sure about $ref with keywords beside it, which draft-07 and ajv read apart", () => {
    const schema = {
      definitions: { a: { type: "string" } },
      $ref: "#/definitions/a",
      type: "string",
    };
    expect(compileFastPath(schema, [])("x")).toBe(false);
  });

  it("follows $ref by $id and into itself", () => {
    const node = {
      $id: "https://example.test/node.json",
      type: "object",
      properties: { children: { type: "array", items: { $ref: "#" } } },
      additionalProperties: false,
    };
    const tree = compileFastPath({ $ref: "https://example.test/node.json" }, [node]);
    expect(tree({ children: [{ children: [] }, {}] })).toBe(true);
    expect(tree({ children: [{ children: [{ leaf: true }] }] })).toBe(false);
  });

  it("checks every key against propertyNames", () => {
    const check = compileFastPath({ type: "object", propertyNames: { enum: ["a", "b"] } }, []);
    expect(check({ a: 1, b: 2 })).toBe(true);
    expect(check({ a: 1, c: 2 })).toBe(false);
    expect(check({})).toBe(true);
  });

  it("counts code points for minLength, as ajv does", () => {
    const check = compileFastPath({ type: "string", minLength: 2 }, []);
    expect(check("\ud83d\ude00")).toBe(false);
    expect(check("ab")).toBe(true);
  });
});
