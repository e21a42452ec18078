import { appendPointer, isPlainObject } from "./json-pointer.js";
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

const singleSubschemas = [
  "additionalItems",
  "additionalProperties",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "not",
] as const;
const mapSubschemas = ["properties", "patternProperties", "definitions", "dependencies"] as const;
const listSubschemas = ["allOf", "anyOf", "oneOf"] as const;

/** Draft-07's subschema positions, walked defensively: the document may break the meta-schema. */
function walkSubschemas(pointer: string, schema: unknown, out: SchemaSite[]): void {
  if (!isPlainObject(schema)) return;
  // A collection's own properties are roles of their own, added by `collect`.
  const visit = (at: string, value: unknown) => {
    if (!isSchema(value)) return;
    out.push({ pointer: at, value, role: "subschema" });
    walkSubschemas(at, value, out);
  };
  for (const key of singleSubschemas) {
    if (key in schema) visit(appendPointer(pointer, key), schema[key]);
  }
  for (const key of mapSubschemas) {
    const map = schema[key];
    if (!isPlainObject(map)) continue;
    for (const [name, value] of Object.entries(map))
      visit(appendPointer(pointer, key, name), value);
  }
  for (const key of listSubschemas) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((value, i) => visit(appendPointer(pointer, key, i), value));
  }
  const items = schema.items;
  if (Array.isArray(items))
    items.forEach((value, i) => visit(appendPointer(pointer, "items", i), value));
  else visit(appendPointer(pointer, "items"), items);
}
