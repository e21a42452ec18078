import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFilePart } from "./refs.js";

describe("resolveFilePart", () => {
  // [folder, file part]: each must name the file path.resolve(folder, decodeURI(part)) names.
  const cases: [string, string][] = [
    ["/w/schemas/collections/crm", "../../events/shared/common.json"],
    ["/w/schemas/events/billing", "../shared/identifiers.json"],
    ["/w/schemas/events", "shared/common.json"],
    ["/w/schemas/events", "common.json"],
    ["/w/schemas/events", "./common.json"],
    ["/w/schemas/events", "./../events/./common.json"],
    ["/w", "../../../../x.json"],
    ["/", "../x.json"],
    ["/", "x.json"],
    ["/w/a", "b/../c.json"],
    ["/w/a", "b//c.json"],
    ["/w/a", "b/./c.json"],
    ["/w/a", "dir/"],
    ["/w/a", ".."],
    ["/w/a", "."],
    ["/w/a", ".hidden.json"],
    ["/w/a", "/abs/x.json"],
    ["/w/a", "with%20space.json"],
    ["/w/a", "back\\slash.json"],
    ["/w/a/", "x.json"],
    ["/w/./a", "x.json"],
    ["/w/b/../a", "../x.json"],
    ["relative/folder", "x.json"],
  ];
  it.each(cases)("from %s, %s", (folder, part) => {
    expect(resolveFilePart(folder, part)).toBe(path.resolve(folder, decodeURI(part)));
  });
});
