import { appendPointer, encodePointer, isPlainObject } from "./json-pointer.js";
import type { SchemaDocument } from "./workspace.js";

/** What a schema stands for in its document; rules pick the roles they care about. */
export type SchemaRole =
  | "collection"
  | "object-id"
  | "collection-property"
  | "event-properties"
  | "identify-traits"
  | "group-traits"
  | "page-properties"
  | "screen-properties"
  | "definition"
  | "subschema";

/** A place in a document that holds a JSON Schema. */
export interface SchemaSite {
  pointer: string;
  value: unknown;
  role: SchemaRole;
  /** The property name (collection-property), event name (event-properties) or definition name. */
  name?: string;
}

/** Keywords rules look for: the walk lists the sites that hold each, so rules need not probe all. */
export type IndexedKeyword = "$ref" | "required" | "pattern" | "patternProperties" | "maxLength";
const indexedKeywords: readonly IndexedKeyword[] = [
  "$ref",
  "required",
  "pattern",
  "patternProperties",
  "maxLength",
];

interface SiteIndex {
  /** Sites with a role of their own (not "subschema"). */
  roles: SchemaSite[];
  byKeyword: Record<IndexedKeyword, SchemaSite[]>;
}

const cache = new WeakMap<SchemaDocument["file"], SiteIndex>();

function indexOf(document: SchemaDocument): SiteIndex {
  let index = cache.get(document.file);
  if (!index) {
    const byKeyword = {} as Record<IndexedKeyword, SchemaSite[]>;
    for (const keyword of indexedKeywords) byKeyword[keyword] = [];
    index = { roles: [], byKeyword };
    collect(document, index);
    cache.set(document.file, index);
  }
  return index;
}

/**
 * The schemas of a parsed document that stand for something (the collection, its object id and
 * properties, event properties, traits, definitions), outermost first, in document order.
 */
export function roleSites(document: SchemaDocument): readonly SchemaSite[] {
  return indexOf(document).roles;
}

/** The schemas of a parsed document that hold `keyword`, in document order. */
export function sitesWithKeyword(
  document: SchemaDocument,
  keyword: IndexedKeyword,
): readonly SchemaSite[] {
  return indexOf(document).byKeyword[keyword];
}

function collect(document: SchemaDocument, index: SiteIndex): void {
  const root = document.file.value;
  if (!isPlainObject(root)) return;
  const add = (pointer: string, value: unknown, role: SchemaRole, name?: string) => {
    if (isSchema(value)) enter(pointer, value, role, name, index, true);
  };
  if (document.kind === "collection") {
    // A collection's own properties are roles of their own, added below: the root is not walked.
    enter("", root, "collection", undefined, index, false);
    add("/objectId", root.objectId, "object-id");
    if (isPlainObject(root.properties)) {
      for (const [name, value] of Object.entries(root.properties)) {
        add(appendPointer("/properties", name), value, "collection-property", name);
      }
    }
  } else {
    if (Array.isArray(root.events)) {
      root.events.forEach((event, index_) => {
        if (!isPlainObject(event)) return;
        const name = typeof event.name === "string" ? event.name : undefined;
        add(
          appendPointer("/events", index_, "properties"),
          event.properties,
          "event-properties",
          name,
        );
      });
    }
    const sections = [
      ["identify", "traits", "identify-traits"],
      ["group", "traits", "group-traits"],
      ["page", "properties", "page-properties"],
      ["screen", "properties", "screen-properties"],
    ] as const;
    for (const [section, key, role] of sections) {
      const holder = root[section];
      if (isPlainObject(holder)) add(appendPointer("", section, key), holder[key], role);
    }
  }
  if (isPlainObject(root.definitions)) {
    for (const [name, value] of Object.entries(root.definitions)) {
      add(appendPointer("/definitions", name), value, "definition", name);
    }
  }
}

function isSchema(value: unknown): value is Record<string, unknown> | boolean {
  return isPlainObject(value) || typeof value === "boolean";
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
/** What the walk wants of a key: its subschema bit, and the index it files the site under. */
const keywordInfo = new Map<string, { bit: number; indexed?: IndexedKeyword }>(
  subschemaKeywords.map(([key], i) => [key, { bit: 1 << i }]),
);
for (const keyword of indexedKeywords) keywordInfo.set(keyword, { bit: 0, indexed: keyword });

/**
 * Adds a site with a role and, when `walk`, goes on into its subschemas. The walk is defensive
 * (the document may break the meta-schema) and allocates as little as it can: one look at the keys
 * a schema has rather than a lookup per keyword, the path as one stack of segments, and a site
 * object (with its pointer) only for a subschema some rule asks for — most are plain leaves such
 * as { "type": "string" }.
 */
function enter(
  pointer: string,
  schema: unknown,
  role: SchemaRole,
  name: string | undefined,
  index: SiteIndex,
  walk: boolean,
): void {
  const site: SchemaSite =
    name === undefined ? { pointer, value: schema, role } : { pointer, value: schema, role, name };
  index.roles.push(site);
  if (!isPlainObject(schema)) return;
  let present = 0;
  for (const key in schema) {
    const info = keywordInfo.get(key);
    if (!info) continue;
    present |= info.bit;
    if (info.indexed) index.byKeyword[info.indexed].push(site);
  }
  if (walk && present !== 0) walkSubschemas(schema, present, pointer, [], index);
}

/** A subschema: filed under the indexed keywords it holds, then walked. */
function visit(schema: unknown, base: string, path: string[], index: SiteIndex): void {
  if (!isPlainObject(schema)) return; // a boolean schema holds no keyword
  let site: SchemaSite | undefined;
  let present = 0;
  for (const key in schema) {
    const info = keywordInfo.get(key);
    if (!info) continue;
    present |= info.bit;
    if (info.indexed) {
      site ??= { pointer: base + encodePointer(path), value: schema, role: "subschema" };
      index.byKeyword[info.indexed].push(site);
    }
  }
  if (present !== 0) walkSubschemas(schema, present, base, path, index);
}

function walkSubschemas(
  schema: Record<string, unknown>,
  present: number,
  base: string,
  path: string[],
  index: SiteIndex,
): void {
  for (let i = 0; i < subschemaKeywords.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const [key, shape] = subschemaKeywords[i]!;
    const value = schema[key];
    path.push(key);
    if (shape === "one" || (shape === "items" && !Array.isArray(value))) {
      visit(value, base, path, index);
    } else if (shape === "map") {
      if (isPlainObject(value)) {
        for (const name in value) {
          path.push(name);
          visit(value[name], base, path, index);
          path.pop();
        }
      }
    } else if (Array.isArray(value)) {
      for (let n = 0; n < value.length; n++) {
        path.push(String(n));
        visit(value[n], base, path, index);
        path.pop();
      }
    }
    path.pop();
  }
}
