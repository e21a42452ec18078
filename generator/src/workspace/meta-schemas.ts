import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as AjvModule from "ajv";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { appendPointer } from "./json-pointer.js";
import { compileFastPath, type Conforms } from "./meta-schema-fast-path.js";

export type MetaSchemaName = "collection" | "tracking-plan" | "segkit.config";

/** The folder holding the meta-schemas; the same from `src/` and `dist/`. */
export const metaSchemaFolder = new URL("../../meta/", import.meta.url);

/** One way a document breaks its meta-schema. */
export interface MetaProblem {
  /** Where the offending value (or, for `unknownKey`, the object holding the key) is. */
  pointer: string;
  keyword: string;
  message: string;
  /** Set when the problem is a key the meta-schema does not know. */
  unknownKey?: { name: string; known: string[] };
}

let ajv: Ajv | undefined;
const validators = new Map<MetaSchemaName, ValidateFunction>();

function validatorFor(name: MetaSchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    if (!ajv) {
      // Loaded when first needed: a workspace the fast path vouches for never needs ajv, and
      // loading it took about a sixth of every command's start. ajv is CommonJS, so `require`
      // loads it on the spot, as this synchronous function needs.
      const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof AjvModule;
      ajv = new AjvClass({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
      ajv.addSchema(readMetaSchema("json-schema"));
    }
    validate = ajv.compile(readMetaSchema(name));
    validators.set(name, validate);
  }
  return validate;
}

export function readMetaSchema(name: MetaSchemaName | "json-schema"): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`${name}.schema.json`, metaSchemaFolder), "utf8"),
  ) as Record<string, unknown>;
}

const fastPaths = new Map<MetaSchemaName, Conforms>();

function fastPathFor(name: MetaSchemaName): Conforms {
  let conforms = fastPaths.get(name);
  if (!conforms) {
    conforms = compileFastPath(readMetaSchema(name), [readMetaSchema("json-schema")]);
    fastPaths.set(name, conforms);
  }
  return conforms;
}

/**
 * Validates a parsed document against a meta-schema; `[]` when it conforms. A document the fast
 * path vouches for needs no ajv; ajv decides and words the problems of any other.
 */
export function checkAgainstMetaSchema(name: MetaSchemaName, value: unknown): MetaProblem[] {
  if (fastPathFor(name)(value)) return [];
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return simplify(validate.errors ?? []).map(toProblem);
}

/**
 * Ajv reports every failed branch of an `anyOf` as well as the `anyOf` itself; a reader wants
 * one message per place. Keep the `anyOf` error and drop its branches' errors at the same place.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const kept = errors.filter(
    (e) =>
      !unions.some(
        (u) =>
          u !== e &&
          e.instancePath.startsWith(u.instancePath) &&
          e.schemaPath.startsWith(u.schemaPath + "/"),
      ),
  );
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(error: ErrorObject): MetaProblem {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      return {
        pointer: at,
        keyword: error.keyword,
        message: `unknown keyword "${name}"`,
        unknownKey: { name, known: Object.keys(parent?.properties ?? {}) },
      };
    }
    case "required":
      return {
        pointer: at,
        keyword: error.keyword,
        message: `missing "${String(params.missingProperty)}"${describeWhere(at)}`,
      };
    case "type":
      return {
        pointer: at,
        keyword: error.keyword,
        message: `${nameOf(at)} must be ${article(String(params.type))}, not ${describeValue(error.data)}`,
      };
    case "enum":
      return {
        pointer: at,
        keyword: error.keyword,
        message: `${nameOf(at)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, not ${describeValue(error.data)}`,
      };
    case "const":
      return {
        pointer: at,
        keyword: error.keyword,
        message: `${nameOf(at)} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(error.data)}`,
      };
    case "anyOf":
    case "oneOf":
      return {
        pointer: at,
        keyword: error.keyword,
        message: `${nameOf(at)} has the wrong shape: ${describeUnion(error.schema as unknown[])}`,
      };
    default:
      return {
        pointer: at,
        keyword: error.keyword,
        message: `${nameOf(at)} ${error.message ?? "is invalid"}`,
      };
  }
}

function nameOf(pointer: string): string {
  if (pointer === "") return "the document";
  const last = pointer
    .slice(pointer.lastIndexOf("/") + 1)
    .replaceAll("~1", "/")
    .replaceAll("~0", "~");
  return /^\d+$/.test(last) ? `item ${last} of "${parentName(pointer)}"` : `"${last}"`;
}

function parentName(pointer: string): string {
  const parent = pointer.slice(0, pointer.lastIndexOf("/"));
  return parent.slice(parent.lastIndexOf("/") + 1);
}

function describeWhere(pointer: string): string {
  return pointer === "" ? "" : ` in ${nameOf(pointer)}`;
}

function article(type: string): string {
  const names = type
    .split(",")
    .map((t) => (t === "object" || t === "array" || t === "integer" ? `an ${t}` : `a ${t}`));
  return names.join(" or ");
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function describeUnion(branches: unknown[]): string {
  const shapes = branches.map((b) => {
    const s = b as { type?: string; enum?: unknown[]; $ref?: string; items?: unknown };
    if (s.$ref) return "a schema";
    if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    if (s.type === "array")
      return (
        "an array" +
        (s.items && (s.items as { enum?: unknown }).enum
          ? " of those"
          : s.items
            ? " of schemas"
            : "")
      );
    return s.type ? article(s.type) : "a value";
  });
  return `expected ${shapes.join(", or ")}`;
}

/** A pointer for an unknown key, which ajv reports at the object that holds it. */
export function unknownKeyPointer(problem: MetaProblem): string {
  return problem.unknownKey
    ? appendPointer(problem.pointer, problem.unknownKey.name)
    : problem.pointer;
}
