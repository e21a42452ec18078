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
        case "propertyNames": {
          // The keys are the value's own: inheritsNoKeys() has made sure none is inherited.
          const name = compile(argument, resource);
          checks.push((value) => !isPlainObject(value) || everyKeyPasses(name, value));
          break;
        }
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
    return allOf(checks);
  };

  const conforms = compile(root, root);
  return (value) => inheritsNoKeys() && conforms(value);
}

/** A check that passes when all of `checks` do; the usual one or two without a loop. */
function allOf(checks: readonly Conforms[]): Conforms {
  if (checks.length === 0) return yes; // annotations only: `yes` itself, which objectCheck spots
  if (checks.length === 1) return checks[0]!;
  if (checks.length === 2) {
    const [first, second] = checks as [Conforms, Conforms];
    return (value) => first(value) && second(value);
  }
  return (value) => allPass(checks, value);
}

// Indexed loops rather than `every`/`some` with an arrow or for…of: nothing allocated per value.
function allPass(checks: readonly Conforms[], value: unknown): boolean {
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(value)) return false;
  return true;
}

function anyPasses(checks: readonly Conforms[], value: unknown): boolean {
  for (let i = 0; i < checks.length; i++) if (checks[i]!(value)) return true;
  return false;
}

function everyKeyPasses(check: Conforms, value: Record<string, unknown>): boolean {
  for (const key in value) if (!check(key)) return false;
  return true;
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
  const patternKeys = patterns.map(([matches]) => matches);
  const patternChecks = patterns.map(([, check]) => check);
  if (properties && patternChecks.every((check) => check === yes)) {
    return knownKeysCheck(properties, patternKeys, additional);
  }
  return (value) => {
    if (!isPlainObject(value)) return true;
    // With Object.prototype as its prototype (and nothing enumerable there, see inheritsNoKeys),
    // every key for…in gives is the object's own.
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    for (const key in value) {
      const item = value[key];
      const property = properties?.get(key);
      if (property && !property(item)) return false;
      let matched = false;
      for (let i = 0; i < patternKeys.length; i++) {
        if (!patternKeys[i]!(key)) continue;
        matched = true;
        if (!patternChecks[i]!(item)) return false;
      }
      if (!property && !matched && additional && !additional(item)) return false;
    }
    return true;
  };
}

/**
 * objectCheck when every pattern accepts any value, as the meta-schemas' `^x-` extensions do: a
 * pattern then only decides whether a key that is not a property is allowed, so the keys that are
 * properties (nearly all) skip the pattern tests.
 */
function knownKeysCheck(
  properties: Map<string, Conforms>,
  patternKeys: readonly KeyTest[],
  additional: Conforms | undefined,
): Conforms {
  return (value) => {
    if (!isPlainObject(value)) return true;
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    for (const key in value) {
      const property = properties.get(key);
      if (property !== undefined) {
        if (!property(value[key])) return false;
      } else if (additional && !matchesAny(patternKeys, key) && !additional(value[key])) {
        return false;
      }
    }
    return true;
  };
}

function matchesAny(tests: readonly KeyTest[], key: string): boolean {
  for (let i = 0; i < tests.length; i++) if (tests[i]!(key)) return true;
  return false;
}

/** Whether Object.prototype holds no enumerable key, which for…in would give for every object. */
function inheritsNoKeys(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
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

/** JSON Schema's type names, one bit each: a "type" keyword becomes one mask test. */
const typeBits: Record<string, number> = {
  object: 1,
  array: 2,
  string: 4,
  boolean: 8,
  null: 16,
  number: 32,
  integer: 64,
};

/** The bits of the type names `value` answers to (an integer is a number too). */
function typeBitsOf(value: unknown): number {
  switch (typeof value) {
    case "string":
      return typeBits.string!;
    case "boolean":
      return typeBits.boolean!;
    case "number":
      if (Number.isInteger(value)) return typeBits.number! | typeBits.integer!;
      return Number.isFinite(value) ? typeBits.number! : 0;
    case "object":
      if (value === null) return typeBits.null!;
      return Array.isArray(value) ? typeBits.array! : typeBits.object!;
    default:
      return 0;
  }
}

function typeTest(argument: unknown): Conforms | undefined {
  const names = Array.isArray(argument) ? argument : [argument];
  let mask = 0;
  for (const name of names) {
    const bit = typeof name === "string" && Object.hasOwn(typeBits, name) ? typeBits[name]! : 0;
    if (bit === 0) return undefined;
    mask |= bit;
  }
  if (mask === 0) return undefined;
  // One type, as most keywords take, without working out every type the value answers to.
  switch (mask) {
    case typeBits.string:
      return (value) => typeof value === "string";
    case typeBits.boolean:
      return (value) => typeof value === "boolean";
    case typeBits.array:
      return (value) => Array.isArray(value);
    case typeBits.object:
      return (value) => isPlainObject(value);
    default:
      return (value) => (typeBitsOf(value) & mask) !== 0;
  }
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
  const type = typeof value;
  return value === null || type === "string" || type === "number" || type === "boolean";
}

/** Unique strings, numbers, booleans and nulls; `false` ("not sure") when other values are there. */
function hasUniqueScalars(values: readonly unknown[]): boolean {
  if (!values.every(isScalar)) return false;
  // Most such lists ("required", a list of types) are short: compare pairs rather than fill a Set.
  if (values.length > 16) return new Set(values).size === values.length;
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) if (sameValueZero(values[i], values[j])) return false;
  }
  return true;
}

/** Equality as a Set sees it: NaN equals NaN. */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
