import { describe, expect, it } from "vitest";
import { SourceFile, maxSchemaFileBytes } from "./source-file.js";

const file = (content: string | Buffer) => new SourceFile("/w/a.json", "a.json", content);

describe("SourceFile", () => {
  it("parses with positions computed on demand", () => {
    const source = file(
      '{\n  "collection": "rooms",\n  "properties": { "name": { "type": "string" } }\n}\n',
    );
    expect(source.parsed).toBe(true);
    expect(source.rangeOf("/collection")).toMatchObject({
      start: { line: 2, column: 17 },
      end: { line: 2, column: 24 },
    });
    expect(source.rangeOf("/properties/name", "key")).toMatchObject({
      start: { line: 3, column: 19 },
      end: { line: 3, column: 25 },
    });
    expect(source.rangeOf("/properties/name/type")).toMatchObject({
      start: { line: 3, column: 37 },
    });
  });

  it("points at the deepest existing node when the pointer goes further", () => {
    const source = file('{"a": {"b": 1}}');
    expect(source.rangeOf("/a/missing").start.column).toBe(7);
  });

  it("counts lines across \\n, \\r\\n and \\r", () => {
    const source = file('{\r\n"a": 1,\r"b":\n 2}');
    expect(source.positionAt(source.text.indexOf("2"))).toMatchObject({ line: 4, column: 2 });
  });

  it("does not count a BOM as a column", () => {
    const source = file(Buffer.from('\ufeff{"a": 1}', "utf8"));
    expect(source.parsed).toBe(true);
    expect(source.rangeOf("/a").start).toMatchObject({ line: 1, column: 7 });
  });

  it.each([
    ["an empty file", Buffer.from("  \n"), "empty"],
    ["a binary file", Buffer.from([0x7b, 0x00, 0x7d]), "binary"],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), "not-utf8"],
    ["a file over the limit", Buffer.alloc(maxSchemaFileBytes + 1, 0x20), "too-large"],
  ])("reports %s without parsing it", (_name, content, kind) => {
    const source = file(content);
    expect(source.readProblem?.kind).toBe(kind);
    expect(source.parsed).toBe(false);
    expect(source.value).toBeUndefined();
  });

  it("locates the first syntax error", () => {
    const source = file('{\n  "a": 1,\n}');
    expect(source.parsed).toBe(false);
    expect(source.syntaxProblems[0]).toMatchObject({ offset: 12 });
  });

  it.each([
    ['{"a": 1, "b": {"a": 2}}', false],
    ['{"a": 1, "a": 2}', true],
    // A string holding `":` only makes the cheap test unsure; it never misses a duplicate.
    ['{"a": "x\\":"}', true],
    // JSON whitespace may stand between a key and its colon.
    ['{"a" \n\t: 1, "a"\r\n:2}', true],
    ['{"a" : [{"b": 1}, {"b": "c:d"}]}', false],
  ])("mayHaveDuplicateKeys(%s) is %j", (text, want) => {
    expect(file(text).mayHaveDuplicateKeys()).toBe(want);
  });
});
