import { appendPointer, childPointer, isPlainObject } from "./json-pointer.js";
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

const cache = new WeakMap<SchemaDocument["file"], SchemaSite[]>();

/** Every schema in a parsed document, outermost first, in document order. */
export function schemaSites(document: SchemaDocument): SchemaSite[] {
  let sites = cache.get(document.file);
  if (!sites) {
    sites = [];
    collect(document, sites);
    cache.set(document.file, sites);
  }
  return sites;
}

function collect(document: SchemaDocument, out: SchemaSite[]): void {
  const root = document.file.value;
  if (!isPlainObject(root)) return;
  const add = (pointer: string, value: unknown, role: SchemaRole, name?: string) => {
    if (!isSchema(value)) return;
    out.push(name === undefined ? { pointer, value, role } : { pointer, value, role, name });
    walkSubschemas(pointer, value, out);
  };
  if (document.kind === "collection") {
    out.push({ pointer: "", value: root, role: "collection" });
    add("/objectId", root.objectId, "object-id");
    if (isPlainObject(root.properties)) {
      for (const [name, value] of Object.entries(root.properties)) {
        add(appendPointer("/properties", name), value, "collection-property", name);
      }
    }
  } else {
    if (Array.isArray(root.events)) {
      root.events.forEach((event, index) => {
        if (!isPlainObject(event)) return;
        const name = typeof event.name === "string" ? event.name : undefined;
        add(
          appendPointer("/events", index, "properties"),
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
const keywordBits = new Map<string, number>(subschemaKeywords.map(([key], i) => [key, 1 << i]));

/** Draft-07's subschema positions, walked defensively: the document may break the meta-schema. */
function walkSubschemas(pointer: string, schema: unknown, out: SchemaSite[]): void {
  if (!isPlainObject(schema)) return;
  // One look at the keys the schema has, rather than a lookup per keyword: most schemas are
  // leaves such as { "type": "string" }, and schema objects come in too many shapes for
  // property lookups to be cheap.
  let present = 0;
  for (const key in schema) present |= keywordBits.get(key) ?? 0;
  if (present === 0) return;
  // A collection's own properties are roles of their own, added by `collect`.
  for (let i = 0; i < subschemaKeywords.length; i++) {
    if ((present & (1 << i)) === 0) continue;
    const [key, shape] = subschemaKeywords[i]!;
    const value = schema[key];
    const at = childPointer(pointer, key);
    if (shape === "one") {
      visit(at, value, out);
    } else if (shape === "map") {
      if (!isPlainObject(value)) continue;
      for (const name in value) visit(childPointer(at, name), value[name], out);
    } else if (Array.isArray(value)) {
      for (let n = 0; n < value.length; n++) visit(`${at}/${n}`, value[n], out);
    } else if (shape === "items") {
      visit(at, value, out);
    }
  }
}

function visit(pointer: string, value: unknown, out: SchemaSite[]): void {
  if (!isSchema(value)) return;
  out.push({ pointer, value, role: "subschema" });
  walkSubschemas(pointer, value, out);
}
