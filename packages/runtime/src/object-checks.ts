import {
  collectionNameReasons,
  maxObjectIdLength,
  maxPropertyValueBytes,
  valueBytes,
} from "./contract.js";
import { SegmentValidationError } from "./errors.js";

/** A property value as a caller may pass it: 000's scalars, or a `Date` sent as ISO-8601. */
export type PropertyValue = string | number | boolean | null | Date;

/** One object to set: 000's `{id, properties}`, with the collection when the sender has none. */
export interface ObjectInput<P = Record<string, PropertyValue>> {
  id: string;
  properties: P;
  /** The object's collection; the sender's or writer's `collection` option when omitted. */
  collection?: string;
}

/** One thing wrong with an object, located by a JSON pointer into it. */
export interface ValidationProblem {
  /** A JSON pointer into the object: `/properties/price`, `/id`, or `""` for the whole. */
  pointer: string;
  /** What is wrong, as a person reads it: `must be integer`, `is 40000 bytes; …`. */
  message: string;
}

/**
 * The validation hook of a sender or writer: the problems of one object's properties, or an empty
 * list when it is valid. Generated clients pass their collection's validator here; pointers are
 * relative to the properties (`/price`) and are moved under `/properties` in the error.
 */
export type PropertiesValidator<P> = (properties: P) => readonly ValidationProblem[];

/**
 * `Object.prototype.hasOwnProperty`, called on the object a `for…in` walks with the key it gave:
 * V8 then knows the answer from the walk itself and makes no call, which it does not for `Object.hasOwn`.
 */
export const hasOwnProperty = Object.prototype.hasOwnProperty;

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof Map) &&
  !(value instanceof Set);

/** Collection names found valid, so that each is checked once, not once per object. */
const validCollections = new Set<string>();
/** The last of them seen: most objects name the same collection as the one before. */
let lastValidCollection: string | undefined;

function isValidCollection(collection: string): boolean {
  if (collection === lastValidCollection) return true;
  if (!validCollections.has(collection)) return false;
  lastValidCollection = collection;
  return true;
}

/**
 * What 000 and 001 require of every object, checked before anything is queued: an id of at most
 * 100 characters, a valid collection name, and properties whose values are scalars (or dates) of
 * less than 32 KB each. Returns the problems, located by JSON pointers into the object.
 */
export function contractProblems(
  object: unknown,
  collection: string | undefined,
): ValidationProblem[] {
  return findContractProblems(object, collection) ?? [];
}

/** `contractProblems`, but `undefined` when there are none: the common case allocates nothing. */
function findContractProblems(
  object: unknown,
  collection: string | undefined,
): ValidationProblem[] | undefined {
  let problems = shapeProblems(object, collection);
  const properties = (object as { properties?: unknown } | null)?.properties;
  if (!isPlainObject(properties)) return problems;
  for (const key in properties) {
    if (!hasOwnProperty.call(properties, key)) continue;
    const problem = valueProblem(properties[key]);
    if (problem)
      (problems ??= []).push({ pointer: `/properties/${escapePointer(key)}`, message: problem });
  }
  return problems;
}

/**
 * `contractProblems` but for the property values: the object, its id, its collection, and that
 * its properties are an object. `undefined` when all is well, so that the common case allocates
 * nothing; the senders check the values while they serialise them (`object-json.ts`).
 */
export function shapeProblems(
  object: unknown,
  collection: string | undefined,
): ValidationProblem[] | undefined {
  if (!isPlainObject(object))
    return [
      { pointer: "", message: `must be an object {id, properties}, got ${describe(object)}` },
    ];
  const { id, properties } = object;
  // The common case first, allocating nothing.
  if (
    typeof id === "string" &&
    id !== "" &&
    id.length <= maxObjectIdLength &&
    typeof collection === "string" &&
    isValidCollection(collection) &&
    isPlainObject(properties)
  )
    return undefined;
  let problems: ValidationProblem[] | undefined;
  const add = (pointer: string, message: string) => (problems ??= []).push({ pointer, message });
  if (typeof id !== "string") add("/id", `must be a string, got ${describe(id)}`);
  else if (id === "") add("/id", "is empty; every object needs an id");
  else if (id.length > maxObjectIdLength)
    add("/id", `is ${id.length} characters; ids are at most ${maxObjectIdLength} (000)`);

  if (collection === undefined)
    add("/collection", "is missing; pass `collection` to the sender or writer, or with the object");
  else if (typeof collection !== "string")
    add("/collection", `must be a string, got ${describe(collection)}`);
  else if (!isValidCollection(collection)) {
    const reasons = collectionNameReasons(collection);
    if (reasons.length === 0 && validCollections.size < 10_000) validCollections.add(collection);
    if (reasons.length > 0)
      add(
        "/collection",
        `"${collection}" ${reasons.join(", ")}; collection names are lowercase letters and underscores, at most 100 characters, not starting or ending with "_" (000)`,
      );
  }

  if (!isPlainObject(properties))
    add("/properties", `must be an object of property values, got ${describe(properties)}`);
  return problems;
}

/** Why a property value breaks 000, or `undefined` when it does not. */
export function valueProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case "string": {
      // Most strings are far below the limit; count bytes only when they might not be.
      if (value.length * 3 < maxPropertyValueBytes) return undefined;
      const bytes = valueBytes(value);
      return bytes >= maxPropertyValueBytes
        ? `is ${bytes} bytes; each value must be less than 32 KB (000)`
        : undefined;
    }
    case "number":
      return Number.isFinite(value) ? undefined : `is ${value}, which JSON cannot carry`;
    case "boolean":
      return undefined;
    case "undefined":
      return "is undefined; leave the property out, or send null";
    case "object":
      if (value === null) return undefined;
      if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? "is an invalid Date" : undefined;
      return Array.isArray(value)
        ? "is an array; values cannot be lists or objects (000): send a scalar, or join the list into a string"
        : "is an object; values cannot be lists or objects (000): flatten it into separate properties";
    default:
      return `is a ${typeof value}; values are strings, numbers, booleans, null or dates`;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** Moves a validator's pointers (relative to the properties) under `/properties`. */
export function underProperties(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ pointer: `/properties${p.pointer}`, message: p.message }));
}

/** The collection of an object: its own, or the sender's or writer's. */
export function collectionOf(object: unknown, defaultCollection: string | undefined): string {
  return ((object as { collection?: unknown } | null)?.collection ?? defaultCollection) as string;
}

/**
 * The problems the caller's checks find in an object that passed 000's: its id's, then its
 * properties'. `undefined` when there are none (or no checks).
 */
export function hookProblems<P>(
  object: ObjectInput<P>,
  validators: ObjectValidators<P>,
): ValidationProblem[] | undefined {
  let problems: ValidationProblem[] | undefined;
  if (validators.validateId) {
    const found = validators.validateId(object.id);
    if (found.length > 0)
      problems = found.map((p) => ({ pointer: `/id${p.pointer}`, message: p.message }));
  }
  if (validators.validate) {
    const found = validators.validate(object.properties);
    if (found.length > 0) (problems ??= []).push(...underProperties(found));
  }
  return problems;
}

/** The caller's checks of a sender or writer: of the properties, and of the id. */
export interface ObjectValidators<P> {
  validate?: PropertiesValidator<P> | undefined;
  /** The problems of an object id (a collection's `objectId` schema); pointers relative to it. */
  validateId?: ((id: string) => readonly ValidationProblem[]) | undefined;
}

/**
 * The error for object `index` of a call: pointers are prefixed with `/index` when the call passed
 * an array, so that they point into what the caller passed.
 */
export function invalidObject(
  call: string,
  object: unknown,
  index: number,
  many: boolean,
  problems: readonly ValidationProblem[],
): SegmentValidationError {
  const id = (object as { id?: unknown } | null)?.id;
  const named = typeof id === "string" ? ` (id ${JSON.stringify(id)})` : "";
  const prefix = many ? `/${index}` : "";
  return SegmentValidationError.of(
    `${many ? `Object ${index}` : "The object"}${named} of ${call}`,
    problems.map((p) => ({ pointer: `${prefix}${p.pointer}`, message: p.message })),
    { objects: [object] },
  );
}

/** The error of a call made after `close()`. */
export function closedError(call: string, what: string): SegmentValidationError {
  return SegmentValidationError.of(`${call} after close()`, [
    { pointer: "", message: `came too late: the ${what} is closed; create a new one` },
  ]);
}

/** Reads an integer option, or throws a RangeError that names it and its bounds. */
export function integerOption(name: string, value: number, min: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(
      `${name} must be an integer from ${min}${max === Infinity ? " up" : ` to ${max}`}, got ${value}`,
    );
  return value;
}

/** Checks a `collection` option up front, so that a bad name fails at construction. */
export function checkCollectionOption(collection: string | undefined): void {
  if (collection === undefined) return;
  const problems = contractProblems({ id: "-", properties: {} }, collection);
  if (problems.length > 0) throw SegmentValidationError.of("The `collection` option", problems);
}
