import { describe, expect, it } from "vitest";
import { seededRandom } from "@segkit/emulator/random";
import { findSyntaxProblem, locateValue, nestsDeeperThan } from "./json-text.js";

const samples = [
  '{"id":"1","collection":"rooms","properties":{"name":"Loft","rating":4.5,"open":true,"owner":null}}',
  '[1, -2.5e10, 0, 0.125, 1E-7, "a\\"b\\\\c\\/d\\u00e9\\n", [], {}, [[{"x":[null]}]]]',
  '{"type":"track","event":"Order Completed","properties":{"products":[{"id":"p1","price":12.5}]}}',
  '  "just a string"  ',
  "\r\n\t 42 \n",
  '{"emoji":"😀","key with spaces":{"nested":{"deeper":[true,false]}}}',
];
const pieces = [
  '"',
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "\\",
  "0",
  "-",
  ".",
  "e",
  " ",
  "\u0001",
  "'",
  "n",
  "tru",
];

describe("findSyntaxProblem", () => {
  it("agrees with JSON.parse on 20,000 mutated texts: a problem exactly when JSON.parse throws", () => {
    const next = seededRandom(42);
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = samples[i % samples.length]!;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (text.length + 1));
        const choice = next();
        if (choice < 0.35) text = text.slice(0, at) + text.slice(at + 1);
        else if (choice < 0.8)
          text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
        else text = text.slice(0, at);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const problem = findSyntaxProblem(text, 1_000_000);
      expect(problem === undefined, JSON.stringify(text)).toBe(parses);
      if (problem) {
        invalid++;
        expect(problem.offset).toBeGreaterThanOrEqual(0);
        expect(problem.offset).toBeLessThanOrEqual(text.length);
        expect(problem.message.length).toBeGreaterThan(10);
      }
    }
    // The corpus is not trivially valid or invalid.
    expect(invalid).toBeGreaterThan(5_000);
    expect(invalid).toBeLessThan(19_000);
  });

  it.each([
    ['{"a":1,}', 6, "a comma cannot come before a closing bracket"],
    ["{'a':1}", 1, "expected a property name in double quotes"],
    ['{"a" 1}', 5, 'expected ":" after the property name'],
    ['{"a":01}', 6, "leading zeros"],
    ['["a\tb"]', 3, "control character U+0009"],
    ['{"a":"b', 5, "never closed"],
    ["[1,2", 4, "ends inside an array"],
    ["[NaN]", 1, "NaN is not a JSON value"],
    ['{"a":1} {"b":2}', 8, "after the end of the JSON value"],
    ["\ufeff{}", 0, "byte order mark"],
    ["", 0, "found the end of the text"],
  ])("%j: at offset %i, %s", (text, offset, message) => {
    const problem = findSyntaxProblem(text)!;
    expect(problem.offset).toBe(offset);
    expect(problem.message).toContain(message);
  });

  it("stops at the depth limit without recursion, even 1,000,000 deep", () => {
    const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    expect(findSyntaxProblem(deep, 1000)).toEqual({
      offset: 1000,
      message: expect.stringContaining("deeper than 1000 levels"),
    });
    expect(findSyntaxProblem(deep, 2_000_000)).toBeUndefined();
  });
});

describe("nestsDeeperThan", () => {
  it("counts brackets outside strings only", () => {
    const text = `{"a":"${"[".repeat(3000)}","b":${"[".repeat(999)}${"]".repeat(999)}}`;
    expect(nestsDeeperThan(text, 1000)).toBe(false);
    expect(nestsDeeperThan(`[${text}]`, 1000)).toBe(true);
    expect(nestsDeeperThan('{"a":"\\"[[["}', 1)).toBe(false);
  });
});

describe("locateValue", () => {
  const text = `{
  "collection": "rooms",
  "objects": [
    {"id": "1", "properties": {"a/b": 1, "t~x": [10, 20, {"k": "v"}], "\\u00e9t\\u00e9": "summer"}},
    {"id": "2", "properties": {}}
  ]
}`;
  const spanOf = (segments: string[]) => {
    const { start, end } = locateValue(text, segments);
    return text.slice(start, end);
  };

  it("finds values by decoded keys and array indexes", () => {
    expect(spanOf([])).toBe(text);
    expect(spanOf(["collection"])).toBe('"rooms"');
    expect(spanOf(["objects", "0", "properties", "a/b"])).toBe("1");
    expect(spanOf(["objects", "0", "properties", "t~x", "2"])).toBe('{"k": "v"}');
    expect(spanOf(["objects", "0", "properties", "t~x", "1"])).toBe("20");
    expect(spanOf(["objects", "0", "properties", "été"])).toBe('"summer"');
    expect(spanOf(["objects", "1"])).toBe('{"id": "2", "properties": {}}');
  });

  it("stops at the nearest value that exists (a missing required property: its object)", () => {
    expect(spanOf(["objects", "1", "properties", "name"])).toBe("{}");
    expect(spanOf(["objects", "9", "id"])).toMatch(/^\[\n {4}\{"id": "1"/);
  });

  it("walks 100,000 levels without a stack overflow", () => {
    const deep = "[".repeat(100_000) + "7" + "]".repeat(100_000);
    const { start, end } = locateValue(
      deep,
      Array.from({ length: 100_000 }, () => "0"),
    );
    expect(deep.slice(start, end)).toBe("7");
  });
});
