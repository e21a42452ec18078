import { appendPointer, isPlainObject } from "./json-pointer.js";
import type { Place } from "./place.js";
import { countKeys } from "./source-file.js";
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
export interface SchemaSite extends Place {
  readonly role: SchemaRole;
  /** The property name (collection-property), event name (event-properties) or definition name. */
  readonly name: string | undefined;
}

/**
 * A site leaves its pointer to `pointerOf` (most are never reported); only a boolean schema,
 * which is no object to find the place of, is given one.
 */
function site(
  document: SchemaDocument,
  value: unknown,
  role: SchemaRole,
  name?: string,
  pointer?: string,
): SchemaSite {
  return { document, value, pointer, role, name };
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
  /** How many keys the document's objects hold, all of them: counted on the way. */
  keys: number;
}

const cache = new WeakMap<SchemaDocument["file"], SiteIndex>();

function indexOf(document: SchemaDocument): SiteIndex {
  let index = cache.get(document.file);
  if (!index) {
    const byKeyword = {} as Record<IndexedKeyword, SchemaSite[]>;
    for (const keyword of indexedKeywords) byKeyword[keyword] = [];
    index = { roles: [], byKeyword, keys: 0 };
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

/**
 * How many keys the objects of a parsed document hold, nested ones included: what the
 * duplicate-key rule compares with the `"key":` shapes of the text. The walk that finds the sites
 * counts them, so that no rule walks every document again for it.
 */
export function keyCount(document: SchemaDocument): number {
  return indexOf(document).keys;
}

/** The schemas of a parsed document that hold `keyword`, in document order. */
export function sitesWithKeyword(
  document: SchemaDocument,
  keyword: IndexedKeyword,
): readonly SchemaSite[] {
  return indexOf(document).byKeyword[keyword];
}

const sections = [
  ["identify", "traits", "identify-traits"],
  ["group", "traits", "group-traits"],
  ["page", "properties", "page-properties"],
  ["screen", "properties", "screen-properties"],
] as const;

/**
 * Walks a document once: role sites, the sites of indexed keywords, and the key count. Every
 * object or array of the document is counted exactly once, by the walk where it is a schema or a
 * map of schemas, by `countKeys` anywhere else.
 */
function collect(document: SchemaDocument, index: SiteIndex): void {
  const root = document.file.value;
  if (!isPlainObject(root)) {
    index.keys = countKeys(root);
    return;
  }
  /** `holder[key]`, a role site when it is a schema; counted either way. */
  const add = (holder: Record<string, unknown>, key: string, role: SchemaRole, name?: string) => {
    const value = holder[key];
    if (isPlainObject(value)) enter(site(document, value, role, name), index, true);
    else if (typeof value === "boolean") {
      const pointer = appendPointer(document.file.pointerOf(holder), key);
      index.roles.push(site(document, value, role, name, pointer));
    } else index.keys += countKeys(value);
  };
  /** The keys of `holder` that `add` has not counted, and what they hold. */
  const countRest = (holder: Record<string, unknown>, added: (key: string) => boolean) => {
    for (const key in holder) {
      index.keys++;
      if (!added(key)) index.keys += countKeys(holder[key]);
    }
  };
  if (document.kind === "collection") {
    // A collection's own properties are roles of their own, added below: the root is not walked.
    enter(site(document, root, "collection"), index, false);
    add(root, "objectId", "object-id");
    const properties = root.properties;
    if (isPlainObject(properties)) {
      countRest(properties, () => true);
      for (const name in properties) add(properties, name, "collection-property", name);
    }
    countRest(
      root,
      (key) =>
        key === "objectId" ||
        ((key === "properties" || key === "definitions") && isPlainObject(root[key])),
    );
  } else {
    const events = root.events;
    if (Array.isArray(events)) {
      for (const event of events) {
        if (!isPlainObject(event)) {
          index.keys += countKeys(event);
          continue;
        }
        const name = typeof event.name === "string" ? event.name : undefined;
        add(event, "properties", "event-properties", name);
        countRest(event, (key) => key === "properties");
      }
    }
    for (const [section, key, role] of sections) {
      const holder = root[section];
      if (isPlainObject(holder)) {
        add(holder, key, role);
        countRest(holder, (held) => held === key);
      }
    }
    countRest(
      root,
      (key) =>
        (key === "events" && Array.isArray(root[key])) ||
        (key === "definitions" && isPlainObject(root[key])) ||
        (sections.some(([section]) => section === key) && isPlainObject(root[key])),
    );
  }
  const definitions = root.definitions;
  if (isPlainObject(definitions)) {
    countRest(definitions, () => true);
    for (const name in definitions) add(definitions, name, "definition", name);
  }
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
 * Adds a site with a role (an object schema) and, when `walk`, goes on into its subschemas. The
 * walk is defensive (the document may break the meta-schema) and allocates as little as it can:
 * one look at the keys a schema has rather than a lookup per keyword, and a site object only for a
 * subschema some rule asks for — most are plain leaves such as { "type": "string" }.
 */
function enter(roleSite: SchemaSite, index: SiteIndex, walk: boolean): void {
  index.roles.push(roleSite);
  const schema = roleSite.value as Record<string, unknown>;
  let present = 0;
  for (const key in schema) {
    const info = keywordInfo.get(key);
    if (walk) {
      index.keys++;
      if (info === undefined || info.bit === 0) index.keys += countKeys(schema[key]);
    }
    if (!info) continue;
    present |= info.bit;
    if (info.indexed) index.byKeyword[info.indexed].push(roleSite);
  }
  if (walk && present !== 0) walkSubschemas(roleSite.document, schema, present, index);
}

/** A subschema: counted, filed under the indexed keywords it holds, then walked. */
function visit(document: SchemaDocument, schema: unknown, index: SiteIndex): void {
  if (!isPlainObject(schema)) {
    index.keys += countKeys(schema); // a boolean schema holds no keyword; anything else, counted
    return;
  }
  let found: SchemaSite | undefined;
  let present = 0;
  for (const key in schema) {
    index.keys++;
    const info = keywordInfo.get(key);
    if (info === undefined || info.bit === 0) index.keys += countKeys(schema[key]);
    if (!info) continue;
    present |= info.bit;
    if (info.indexed) {
      found ??= site(document, schema, "subschema");
      index.byKeyword[info.indexed].push(found);
    }
  }
  if (present !== 0) walkSubschemas(document, schema, present, index);
}

function walkSubschemas(
  document: SchemaDocument,
  schema: Record<string, unknown>,
  present: number,
  index: SiteIndex,
): void {
  for (let i = 0; i < subschemaKeywords.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const [key, shape] = subschemaKeywords[i]!;
    const value = schema[key];
    if (shape === "one" || (shape === "items" && !Array.isArray(value))) {
      visit(document, value, index);
    } else if (shape === "map" && isPlainObject(value)) {
      for (const name in value) {
        index.keys++;
        visit(document, value[name], index);
      }
    } else if (shape !== "map" && Array.isArray(value)) {
      for (let n = 0; n < value.length; n++) visit(document, value[n], index);
    } else {
      index.keys += countKeys(value); // not the shape the keyword takes: counted, not walked
    }
  }
}
