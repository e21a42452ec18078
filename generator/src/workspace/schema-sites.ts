import { appendPointer, isPlainObject } from "./json-pointer.js";
import type { Place } from "./place.js";
import { countKeys } from "./source-file.js";
import type { SchemaDocument } from "./workspace.js";

/** A schema object of a parsed document: the object names its place (`SourceFile.pointerOf`). */
export type Schema = Record<string, unknown>;

/** Keywords rules look for: the walk lists the schemas that hold each, so rules need not probe all. */
export type IndexedKeyword = "$ref" | "required" | "pattern" | "patternProperties" | "maxLength";
const indexedKeywords: readonly IndexedKeyword[] = [
  "$ref",
  "required",
  "pattern",
  "patternProperties",
  "maxLength",
];

/**
 * What the walk keeps of a document: the schema objects, not a site object each. A workspace has
 * tens of thousands of schemas and a check reports a handful, and every object made while the
 * documents are held is one more for the garbage collector to copy.
 */
interface SchemaIndex {
  /** The schemas holding each indexed keyword, in document order; `noSchemas` while there is none. */
  byKeyword: Record<IndexedKeyword, Schema[]>;
  /** How many keys the document's objects hold, all of them: counted on the way. */
  keys: number;
}

/** Shared by every keyword no schema of a document holds: never pushed to. */
const noSchemas: Schema[] = [];

const cache = new WeakMap<SchemaDocument["file"], SchemaIndex>();

function indexOf(document: SchemaDocument): SchemaIndex {
  let index = cache.get(document.file);
  if (!index) {
    index = {
      byKeyword: {
        $ref: noSchemas,
        required: noSchemas,
        pattern: noSchemas,
        patternProperties: noSchemas,
        maxLength: noSchemas,
      },
      keys: 0,
    };
    collect(document, index);
    cache.set(document.file, index);
  }
  return index;
}

/**
 * How many keys the objects of a parsed document hold, nested ones included: what the
 * duplicate-key rule compares with the `"key":` shapes of the text. The walk that finds the
 * schemas counts them, so that no rule walks every document again for it.
 */
export function keyCount(document: SchemaDocument): number {
  return indexOf(document).keys;
}

/**
 * The schemas of a parsed document that hold `keyword`, in document order: the schemas that stand
 * for something (the collection, its object id and properties, event properties, traits,
 * definitions) and every subschema below them.
 */
export function schemasWithKeyword(
  document: SchemaDocument,
  keyword: IndexedKeyword,
): readonly Schema[] {
  return indexOf(document).byKeyword[keyword];
}

const sections = ["identify", "group", "page", "screen"] as const;
/** The schema each section holds: `identify.traits`, …, `screen.properties`. */
const sectionSchemas = ["traits", "traits", "properties", "properties"] as const;

/**
 * Walks a document once: the schemas of indexed keywords and the key count. Every object or array
 * of the document is counted exactly once, by the walk where it is a schema or a map of schemas,
 * by `countKeys` anywhere else.
 */
function collect(document: SchemaDocument, index: SchemaIndex): void {
  const root = document.file.value;
  if (!isPlainObject(root)) {
    index.keys = countKeys(root);
    return;
  }
  // Counts are added up in locals and returned, not stored on the index key by key.
  let keys = 0;
  if (document.kind === "collection") {
    // The collection's own keywords are filed; its properties are schemas of their own, visited
    // below, and the rest of its keys are counted.
    fileKeywords(root, index);
    keys += visit(root.objectId, index);
    const properties = root.properties;
    if (isPlainObject(properties)) keys += visitMap(properties, index);
    for (const key in root) {
      keys++;
      if (key === "objectId") continue;
      const value = root[key];
      if ((key === "properties" || key === "definitions") && isPlainObject(value)) continue;
      keys += countKeys(value);
    }
  } else {
    const events = root.events;
    if (Array.isArray(events)) {
      for (let i = 0; i < events.length; i++) {
        const event: unknown = events[i];
        if (!isPlainObject(event)) {
          keys += countKeys(event);
          continue;
        }
        keys += visit(event.properties, index) + countAllBut(event, "properties");
      }
    }
    for (let s = 0; s < sections.length; s++) {
      const holder = root[sections[s]!];
      if (!isPlainObject(holder)) continue;
      keys += visit(holder[sectionSchemas[s]!], index) + countAllBut(holder, sectionSchemas[s]!);
    }
    for (const key in root) {
      keys++;
      const value = root[key];
      if (key === "events" && Array.isArray(value)) continue;
      if ((key === "definitions" || isSection(key)) && isPlainObject(value)) continue;
      keys += countKeys(value);
    }
  }
  const definitions = root.definitions;
  if (isPlainObject(definitions)) keys += visitMap(definitions, index);
  index.keys = keys;
}

function isSection(key: string): boolean {
  return key === "identify" || key === "group" || key === "page" || key === "screen";
}

/** The keys of `holder` and what they hold, but for what `visit` counted at `visited`. */
function countAllBut(holder: Schema, visited: string): number {
  let keys = 0;
  for (const key in holder) {
    keys++;
    if (key !== visited) keys += countKeys(holder[key]);
  }
  return keys;
}

/** Draft-07's subschema keywords, in the order their subschemas are listed, with their shape. */
const subschemaKeywords = [
  ["additionalItems", "one"],
  ["additionalProperties", "one"],
  ["contains", "one"],
  ["propertyNames", "one"],
  ["if", "one"],
  ["then", "one"],
  ["else", "one"],
  ["not", "one"],
  ["properties", "map"],
  ["patternProperties", "map"],
  ["definitions", "map"],
  ["dependencies", "map"],
  ["allOf", "list"],
  ["anyOf", "list"],
  ["oneOf", "list"],
  ["items", "items"],
] as const;
/** Bits above the subschema keywords' bits: one per indexed keyword, in `indexedKeywords` order. */
const firstIndexedBit = 1 << subschemaKeywords.length;
const subschemaBits = firstIndexedBit - 1;

/**
 * The bit of each key the walk looks for: a subschema keyword's, or an indexed keyword's. An
 * indexed keyword replaces a subschema keyword of the same name ("patternProperties"), which the
 * walk then counts as a plain value and does not go into.
 */
const keywordBits = new Map<string, number>(subschemaKeywords.map(([key], i) => [key, 1 << i]));
indexedKeywords.forEach((keyword, i) => keywordBits.set(keyword, firstIndexedBit << i));

/**
 * A schema, or what stands where a schema should: counted, filed under the indexed keywords it
 * holds, then walked. The walk is defensive (the document may break the meta-schema), and looks at
 * the keys a schema has rather than looking up each keyword.
 */
function visit(schema: unknown, index: SchemaIndex): number {
  // A boolean schema holds no keyword; anything else that is not a schema is counted.
  if (!isPlainObject(schema)) return countKeys(schema);
  let keys = 0;
  let present = 0;
  for (const key in schema) {
    keys++;
    const bit = keywordBits.get(key);
    if (bit === undefined || bit >= firstIndexedBit) {
      const value = schema[key];
      if (typeof value === "object" && value !== null) keys += countKeys(value);
      if (bit === undefined) continue;
    }
    present |= bit;
  }
  if (present >= firstIndexedBit) fileUnder(present, schema, index);
  if ((present & subschemaBits) !== 0) keys += walkSubschemas(schema, present, index);
  return keys;
}

/** The schemas of a map of them (`properties`, `definitions`): each name counted, each schema visited. */
function visitMap(map: Schema, index: SchemaIndex): number {
  let keys = 0;
  for (const name in map) keys += 1 + visit(map[name], index);
  return keys;
}

/** Files a schema under the indexed keywords it holds, without counting or walking it. */
function fileKeywords(schema: Schema, index: SchemaIndex): void {
  let present = 0;
  for (const key in schema) present |= keywordBits.get(key) ?? 0;
  if (present >= firstIndexedBit) fileUnder(present, schema, index);
}

function fileUnder(present: number, schema: Schema, index: SchemaIndex): void {
  for (let i = 0; i < indexedKeywords.length; i++) {
    if ((present & (firstIndexedBit << i)) === 0) continue;
    const keyword = indexedKeywords[i]!;
    const list = index.byKeyword[keyword];
    if (list === noSchemas) index.byKeyword[keyword] = [schema];
    else list.push(schema);
  }
}

function walkSubschemas(schema: Schema, present: number, index: SchemaIndex): number {
  let keys = 0;
  for (let i = 0; i < subschemaKeywords.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const [key, shape] = subschemaKeywords[i]!;
    const value = schema[key];
    if (shape === "one" || (shape === "items" && !Array.isArray(value))) {
      keys += visit(value, index);
    } else if (shape === "map" && isPlainObject(value)) {
      keys += visitMap(value, index);
    } else if (shape !== "map" && Array.isArray(value)) {
      for (let n = 0; n < value.length; n++) keys += visit(value[n], index);
    } else {
      keys += countKeys(value); // not the shape the keyword takes: counted, not walked
    }
  }
  return keys;
}

/**
 * The place of a collection property's schema, made when a rule needs one; undefined when the
 * property holds no schema (the meta-schema rule reports that). A boolean schema is no object to
 * find the place of, so it is given its pointer.
 */
export function propertyPlace(
  document: SchemaDocument,
  properties: Schema,
  name: string,
): Place | undefined {
  const value = properties[name];
  if (isPlainObject(value)) return { document, value, pointer: undefined };
  if (typeof value !== "boolean") return undefined;
  return { document, value, pointer: appendPointer("/properties", name) };
}
