import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { keyCount } from "./schema-sites.js";
import { countKeys, SourceFile } from "./source-file.js";
import type { DocumentKind, SchemaDocument } from "./workspace.js";
import { seededRandom } from "@segkit/emulator/random";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

function documentOf(kind: DocumentKind, text: string): SchemaDocument {
  return { kind, file: new SourceFile("/w/schema.json", "schema.json", text) };
}

/** Every parsable .json file under a folder, with the kind its folder names. */
function schemaFiles(folder: string): [string, DocumentKind, string][] {
  const files: [string, DocumentKind, string][] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".json")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const kind = file.includes(`${path.sep}events${path.sep}`) ? "tracking-plan" : "collection";
    files.push([path.relative(repo, file), kind, readFileSync(file, "utf8")]);
  }
  return files;
}

// Schema keywords of every shape, roles of both kinds of file, and keys that are neither.
const keys = [
  "type", "properties", "items", "enum", "const", "default", "examples", "anyOf", "allOf",
  "oneOf", "not", "if", "then", "else", "required", "maxLength", "pattern", "patternProperties",
  "additionalProperties", "additionalItems", "contains", "propertyNames", "dependencies",
  "definitions", "$ref", "x-note", "objectId", "collection", "events", "name", "identify",
  "group", "page", "screen", "traits", "__proto__", "0",
]; // prettier-ignore

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  switch (depth === 0 ? 6 : Math.floor(next() * (depth > 4 ? 4 : 7))) {
    case 0:
      return pick(["string", "#/definitions/a", ""]);
    case 1:
      return pick([0, 1, 2.5, true, false, null]);
    case 2:
    case 3:
      return pick([true, false, {}]);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      const count = Math.floor(next() * (depth === 0 ? 10 : 6));
      for (let i = 0; i < count; i++) object[pick(keys)] = randomValue(next, depth + 1);
      return object;
    }
  }
}

describe("keyCount", () => {
  it.each([
    ...schemaFiles(path.join(repo, "schemas")),
    ...schemaFiles(path.join(repo, "test/fixtures")),
  ])("counts every key of %s", (_name, kind, text) => {
    const document = documentOf(kind, text);
    if (!document.file.parsed) return;
    expect(keyCount(document)).toBe(countKeys(document.file.value));
  });

  it("counts every key of random documents, whatever shape their keywords have", () => {
    const next = seededRandom(7);
    for (let n = 0; n < 2000; n++) {
      const kind = n % 2 === 0 ? "collection" : "tracking-plan";
      const value = randomValue(next, 0);
      const document = documentOf(kind, JSON.stringify(value));
      expect(keyCount(document), JSON.stringify(value)).toBe(countKeys(document.file.value));
    }
  });
});
