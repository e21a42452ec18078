import { GenerateError } from "../errors.js";
import { decodePointer, isPlainObject } from "../workspace/json-pointer.js";
import { resolveRef } from "../workspace/refs.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";

export type JsonSchema = Record<string, unknown>;

/** Keywords whose value is one schema. */
const schemaKeywords = new Set([
  "additionalProperties",
  "additionalItems",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "not",
]);
/** Keywords whose value is a list of schemas. */
const schemaListKeywords = new Set(["allOf", "anyOf", "oneOf"]);
/** Keywords whose value maps names to schemas. */
const schemaMapKeywords = new Set(["properties", "patternProperties"]);
/** Values taken as they are: data, not schemas. */
const dataKeywords = new Set(["enum", "const", "default", "examples", "required"]);
/**
 * Keywords dropped from generated schemas: names and ids (types are named by segkit's identifier
 * function, never by a title), segkit's own keywords, comments, and json-schema-to-typescript's
 * extensions, which would paste their text into code.
 */
const droppedKeywords = new Set([
  "title",
  "$id",
  "$schema",
  "$comment",
  "definitions",
  "collection",
  "objectId",
  "tsType",
  "tsEnumNames",
]);

/**
 * The bundle's `$ref` to the definition `name`: a JSON pointer with `~` and `/` escaped (RFC 6901
 * §3), percent-encoded as a URI fragment (§6), so that any name, `a/b` or `100%` too, leads back to
 * it. Only `definitionName` reads it.
 */
export function definitionRef(name: string): string {
  return `#/definitions/${encodeURIComponent(name.replaceAll("~", "~0").replaceAll("/", "~1"))}`;
}

/** The definition name a bundle `$ref` made by `definitionRef` leads to. */
export function definitionName(ref: string): string {
  return decodeURIComponent(ref.replace(/^#\/definitions\//, ""))
    .replaceAll("~1", "/")
    .replaceAll("~0", "~");
}

/**
 * Makes self-contained schemas out of schemas spread over the workspace's files: every `$ref`
 * reached, local or into another file, becomes `#/definitions/<name>`, with its target bundled
 * once under that name however many roots reach it. The workspace's values are never changed.
 *
 * Generation runs after `segkit check` found no errors, so a `$ref` that does not resolve here is
 * a bug in the checker, reported as a GenerateError that says so.
 */
export class SchemaBundler {
  readonly #definitions = new Map<string, { name: string; schema: JsonSchema }>();
  readonly #names = new Set<string>();
  /** The files bundled schemas came from: what generated code depends on (watch mode). */
  readonly files = new Set<string>();

  constructor(readonly workspace: Workspace) {}

  /** `value`, a schema at `pointer` of `document`, with its `$ref`s pointing into the bundle. */
  bundle(document: SchemaDocument, pointer: string, value: unknown): JsonSchema {
    this.files.add(document.file.path);
    const bundled = this.#schema(document, pointer, value);
    return isPlainObject(bundled) ? bundled : { not: {} };
  }

  /** Every definition bundled so far, by name, in name order. */
  definitions(): Record<string, JsonSchema> {
    const entries = [...this.#definitions.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    return Object.fromEntries(entries.map((d) => [d.name, d.schema]));
  }

  #schema(document: SchemaDocument, pointer: string, value: unknown): unknown {
    // draft-07 allows `true` and `false` as schemas.
    if (typeof value === "boolean") return value;
    if (!isPlainObject(value)) return value;
    if (typeof value.$ref === "string") return { $ref: this.#ref(document, pointer, value.$ref) };
    const out: JsonSchema = {};
    for (const [key, child] of Object.entries(value)) {
      if (droppedKeywords.has(key) || key.startsWith("x-")) continue;
      const at = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (dataKeywords.has(key)) out[key] = structuredClone(child);
      else if (schemaKeywords.has(key)) out[key] = this.#schema(document, at, child);
      else if (schemaListKeywords.has(key) && Array.isArray(child))
        out[key] = child.map((item, i) => this.#schema(document, `${at}/${i}`, item));
      else if (key === "items")
        out[key] = Array.isArray(child)
          ? child.map((item, i) => this.#schema(document, `${at}/${i}`, item))
          : this.#schema(document, at, child);
      else if ((schemaMapKeywords.has(key) || key === "dependencies") && isPlainObject(child))
        out[key] = Object.fromEntries(
          Object.entries(child).map(([name, sub]) => [
            name,
            Array.isArray(sub)
              ? [...sub]
              : this.#schema(
                  document,
                  `${at}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`,
                  sub,
                ),
          ]),
        );
      else out[key] = structuredClone(child);
    }
    return out;
  }

  /** The bundle's `$ref` for `ref` written at `pointer` of `document`. */
  #ref(document: SchemaDocument, pointer: string, ref: string): string {
    const resolution = resolveRef(this.workspace, document, ref);
    if (!resolution.ok)
      throw new GenerateError(
        `${document.file.name}: $ref "${ref}" at ${pointer} does not resolve (${resolution.reason}); run segkit check`,
      );
    const { target } = resolution;
    this.files.add(target.document.file.path);
    const key = `${target.document.file.path}#${target.pointer}`;
    let definition = this.#definitions.get(key);
    if (!definition) {
      definition = { name: this.#nameFor(target.document, target.pointer), schema: {} };
      // Registered before bundling its target, so that a recursive schema ends here.
      this.#definitions.set(key, definition);
      const bundled = this.#schema(target.document, target.pointer, target.value);
      definition.schema = isPlainObject(bundled) ? bundled : { not: {} };
    }
    return definitionRef(definition.name);
  }

  /** `common.json#/definitions/money` → `money`; the file's name for a whole file; unique. */
  #nameFor(document: SchemaDocument, pointer: string): string {
    const segments = decodePointer(pointer);
    const base =
      segments.at(-1) ??
      document.file.name
        .split("/")
        .at(-1)!
        .replace(/\.json$/, "");
    let name = base === "" ? "schema" : base;
    for (let n = 2; this.#names.has(name); n++) name = `${base}${n}`;
    this.#names.add(name);
    return name;
  }
}
