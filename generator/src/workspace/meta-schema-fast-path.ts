/**
 * A quick yes-or-not-sure answer to "does this document conform to its meta-schema?", for the
 * common case of a clean workspace.
 *
 * Ajv stays the authority: it finds and words every problem. But its generated code looks up
 * each of the ~45 draft-07 keywords on every schema object of a document, which costs more than
 * parsing the file. This checker walks the document's own keys instead, and answers `true` only
 * when it is sure the document conforms; for anything it does not handle (a keyword of the
 * meta-schema it does not know, objects in a `uniqueItems` array, an inherited key) it answers
 * `false`, and the caller asks ajv. So it can make a check faster, never weaker.
 */

import { isPlainObject } from "./json-pointer.js";

/** Tells whether a value conforms; `false` means "not sure", never "surely not". */
export type Conforms = (value: unknown) => boolean;

type SchemaResource = Record<string, unknown>;

const no: Conforms = () => false;
const yes: Conforms = () => true;

/** Keywords that only annotate: they never make a value invalid. */
const annotations = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "definitions",
]);

/**
 * Compiles a meta-schema into a conformance check. `resources` are the schemas a `$ref` may name
 * by their `$id` (the root schema among them or not).
 */
export function compileFastPath(root: SchemaResource, resources: SchemaResource[]): Conforms {
  const byId = new Map<string, SchemaResource>();
  for (const resource of [root, ...resources]) {
    if (typeof resource.$id === "string") byId.set(resource.$id, resource);
  }
  // One check per schema object, shared by every `$ref` to it (and so able to recurse).
  const compiled = new Map<unknown, Conforms>();

  const compile = (schema: unknown, resource: SchemaResource): Conforms => {
    if (schema === true) return yes;
    if (!isPlainObject(schema)) return no;
    const known = compiled.get(schema);
    if (known) return known;
    let check: Conforms = no;
    // Registered first, so that a schema that refers back to itself finds itself.
    compiled.set(schema, (value) => check(value));
    check = build(schema, resource);
    compiled.set(schema, check);
    return check;
  };

  const resolve = (ref: string, resource: SchemaResource): Conforms => {
    const hash = ref.indexOf("#");
    const uri = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : ref.slice(hash + 1);
    // Only `#/…` in the same meta-schema, or the `$id` of one, optionally with `#/…`.
    const base = uri === "" ? resource : byId.get(uri);
    if (!base) return no;
    if (fragment !== "" && !/^\/[A-Za-z0-9_/]*$/.test(fragment)) return no;
    let target: unknown = base;
    for (const segment of fragment === "" ? [] : fragment.slice(1).split("/")) {
      target =
        isPlainObject(target) && Object.hasOwn(target, segment) ? target[segment] : undefined;
    }
    return target === undefined ? no : compile(target, base);
  };

  const build = (schema: SchemaResource, resource: SchemaResource): Conforms => {
    // A nested `$id` would change what `#` means below it.
    if (schema !== resource && "$id" in schema) return no;
    const checks: Conforms[] = [];
    let properties: Map<string, Conforms> | undefined;
    let patterns: [KeyTest, Conforms][] = [];
    let additional: Conforms | undefined;
    let objectKeywords = false;
    for (const [keyword, argument] of Object.entries(schema)) {
      if (annotations.has(keyword) || keyword.startsWith("x-")) continue;
      switch (keyword) {
        case "$ref":
          if (typeof argument !== "string") return no;
          // draft-07 ignores keywords beside $ref, and Ajv does not: accept neither.
          if (Object.keys(schema).some((k) => k !== "$ref" && !annotations.has(k))) return no;
          return resolve(argument, resource);
        case "type": {
          const test = typeTest(argument);
          if (!test) return no;
          checks.push(test);
          break;
        }
        case "enum":
        case "const": {
          const allowed = keyword === "enum" ? argument : [argument];
          if (!Array.isArray(allowed) || !allowed.every(isScalar)) return no;
          checks.push((value) => allowed.includes(value));
          break;
        }
        case "required": {
          // Ajv finds inherited properties too; asking for own ones can only be stricter.
          if (!Array.isArray(argument) || !argument.every((n) => typeof n === "string")) return no;
          const names = argument as string[];
          checks.push(
            (value) => !isPlainObject(value) || names.every((n) => Object.hasOwn(value, n)),
          );
          break;
        }
        case "properties":
          if (!isPlainObject(argument)) return no;
          properties = new Map();
          for (const [name, subschema] of Object.entries(argument)) {
            // A name Object.prototype has would be found on every object, own or not.
            if (name in Object.prototype) return no;
            properties.set(name, compile(subschema, resource));
          }
          objectKeywords = true;
          break;
        case "patternProperties":
          if (!isPlainObject(argument)) return no;
          patterns = Object.entries(argument).map(([pattern, subschema]) => [
            patternTest(pattern),
            compile(subschema, resource),
          ]);
          objectKeywords = true;
          break;
        case "additionalProperties":
          additional = argument === false ? no : compile(argument, resource);
          objectKeywords = true;
          break;
        case "items": {
          if (Array.isArray(argument)) return no;
          const item = compile(argument, resource);
          checks.push((value) => !Array.isArray(value) || everyItemPasses(item, value));
          break;
        }
        case "anyOf": {
          if (!Array.isArray(argument) || argument.length === 0) return no;
          const branches = argument.map((branch) => compile(branch, resource));
          checks.push((value) => anyPasses(branches, value));
          break;
        }
        case "minItems":
        case "minLength":
        case "minimum":
        case "exclusiveMinimum": {
          if (typeof argument !== "number") return no;
          checks.push(lowerBound(keyword, argument));
          break;
        }
        case "uniqueItems":
          if (argument === true)
            checks.push((value) => !Array.isArray(value) || hasUniqueScalars(value));
          else if (argument !== false) return no;
          break;
        default:
          return no; // a keyword this checker does not know: leave it to ajv
      }
    }
    if (objectKeywords) checks.push(objectCheck(properties, patterns, additional));
    return checks.length === 1 ? checks[0]! : (value) => allPass(checks, value);
  };

  return compile(root, root);
}

// Loops rather than `every`/`some` with an arrow: no closure per value checked.
function allPass(checks: readonly Conforms[], value: unknown): boolean {
  for (const check of checks) if (!check(value)) return false;
  return true;
}

function anyPasses(checks: readonly Conforms[], value: unknown): boolean {
  for (const check of checks) if (check(value)) return true;
  return false;
}

function everyItemPasses(check: Conforms, items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (!check(items[i])) return false;
  return true;
}

function objectCheck(
  properties: Map<string, Conforms> | undefined,
  patterns: readonly [KeyTest, Conforms][],
  additional: Conforms | undefined,
): Conforms {
  return (value) => {
    if (!isPlainObject(value)) return true;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) return false;
      const item = value[key];
      const property = properties?.get(key);
      if (property && !property(item)) return false;
      let matched = false;
      for (const [matches, check] of patterns) {
        if (!matches(key)) continue;
        matched = true;
        if (!check(item)) return false;
      }
      if (!property && !matched && additional && !additional(item)) return false;
    }
    return true;
  };
}

type KeyTest = (key: string) => boolean;

/** A `patternProperties` pattern as ajv runs it; `^x-` and the like as a plain prefix test. */
function patternTest(pattern: string): KeyTest {
  if (/^\^[\w -]*$/.test(pattern)) {
    const prefix = pattern.slice(1);
    return (key) => key.startsWith(prefix);
  }
  const regExp = new RegExp(pattern, "u");
  return (key) => regExp.test(key);
}

function typeTest(argument: unknown): Conforms | undefined {
  const names = Array.isArray(argument) ? argument : [argument];
  const tests: Conforms[] = [];
  for (const name of names) {
    switch (name) {
      case "object":
        tests.push(isPlainObject);
        break;
      case "array":
        tests.push(Array.isArray);
        break;
      case "string":
        tests.push((v) => typeof v === "string");
        break;
      case "boolean":
        tests.push((v) => typeof v === "boolean");
        break;
      case "null":
        tests.push((v) => v === null);
        break;
      case "number":
        tests.push((v) => typeof v === "number" && Number.isFinite(v));
        break;
      case "integer":
        tests.push((v) => Number.isInteger(v));
        break;
      default:
        return undefined;
    }
  }
  if (tests.length === 0) return undefined;
  return tests.length === 1 ? tests[0] : (value) => anyPasses(tests, value);
}

function lowerBound(keyword: string, limit: number): Conforms {
  switch (keyword) {
    case "minItems":
      return (value) => !Array.isArray(value) || value.length >= limit;
    case "minLength":
      // Ajv counts code points, as JSON Schema says: a surrogate pair is one character.
      return (value) => typeof value !== "string" || codePoints(value) >= limit;
    case "minimum":
      return (value) => typeof value !== "number" || value >= limit;
    default:
      return (value) => typeof value !== "number" || value > limit;
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** Unique strings, numbers, booleans and nulls; `false` ("not sure") when other values are there. */
function hasUniqueScalars(values: readonly unknown[]): boolean {
  if (!values.every(isScalar)) return false;
  return new Set(values).size === values.length;
}
