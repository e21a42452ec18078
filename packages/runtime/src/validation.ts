/**
 * What generated validators run on: ajv's run-time helpers and format checks (the validators are
 * ajv standalone code, compiled when `segkit generate` runs, never at run time), and the one
 * place ajv's errors become messages a person reads.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";
import equal from "ajv/dist/runtime/equal.js";
import ucs2length from "ajv/dist/runtime/ucs2length.js";
import uri from "ajv/dist/runtime/uri.js";
import type { ValidationProblem } from "./object-checks.js";

/** The formats generated validators check, as ajv-formats defines them ("full" mode). */
export const ajvFormats: Record<string, unknown> = fullFormats;

/**
 * What a CommonJS module exports as `default`. Node hands an import the whole `module.exports`
 * (`{ default }`); vitest and bundlers that honour `__esModule` hand over `default` itself.
 */
const commonJsDefault = (module: { default: unknown }): unknown => module.default ?? module;

/** ajv's run-time functions that standalone code calls, by the name of their module. */
export const ajvRuntime: Readonly<Record<"equal" | "ucs2length" | "uri", unknown>> = {
  equal: commonJsDefault(equal),
  ucs2length: commonJsDefault(ucs2length),
  uri: commonJsDefault(uri),
};

/** The fields of an ajv error that messages are made from. */
export interface RawValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The value at `instancePath` (ajv's `verbose` option). */
  data?: unknown;
  /** The property whose name an error under `propertyNames` is about. */
  propertyName?: string;
}

/** A validator as ajv's standalone code defines it: a boolean answer, and `errors` after a false one. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: RawValidationError[] | null;
}

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

const formatHints: Record<string, string> = {
  "date-time": "an ISO 8601 date and time, such as 2026-11-23T10:00:00Z",
  date: "an ISO 8601 date, such as 2026-11-23",
  time: "an ISO 8601 time, such as 10:00:00Z",
  email: "an email address",
  uri: "an absolute URI, such as https://example.com/a",
  "uri-reference": "a URI or a relative reference",
  uuid: "a UUID, such as 123e4567-e89b-12d3-a456-426614174000",
  hostname: "a host name",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
};

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

const typeNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  null: "null",
  array: "an array",
  object: "an object",
};

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * ajv's errors as problems: a JSON pointer to the offending value (the missing, unknown or misnamed
 * property itself, not its parent) and a message that says what is expected and what was found.
 */
export function describeValidationErrors(
  errors: readonly RawValidationError[],
): ValidationProblem[] {
  return errors.map((error) => {
    if (error.propertyName === undefined) return describeError(error);
    // ajv reports a name that `propertyNames` refuses at the object; the problem is that property.
    const { pointer, message } = describeError({
      ...error,
      instancePath: `${error.instancePath}/${escapePointer(error.propertyName)}`,
    });
    return { pointer, message: `its name ${message}` };
  });
}

function describeError(error: RawValidationError): ValidationProblem {
  const { instancePath: at, params } = error;
  const got = "data" in error ? `, got ${kindOf(error.data)}` : "";
  switch (error.keyword) {
    case "required":
      return {
        pointer: `${at}/${escapePointer(String(params.missingProperty))}`,
        message: "is required but missing",
      };
    case "dependencies":
      return {
        pointer: `${at}/${escapePointer(String(params.missingProperty))}`,
        message: `is required when ${JSON.stringify(params.property)} is present`,
      };
    case "propertyNames":
      return {
        pointer: `${at}/${escapePointer(String(params.propertyName))}`,
        message: "is not an allowed property name",
      };
    case "additionalProperties":
      return {
        pointer: `${at}/${escapePointer(String(params.additionalProperty))}`,
        message: "is not a property of this schema; remove it, or add it to the schema",
      };
    case "type": {
      const types = String(params.type).split(",");
      return {
        pointer: at,
        message: `must be ${types.map((t) => typeNames[t] ?? t).join(" or ")}${got}`,
      };
    }
    case "enum":
      return {
        pointer: at,
        message: `must be one of ${list(params.allowedValues as unknown[])}${"data" in error ? `, got ${JSON.stringify(error.data)}` : ""}`,
      };
    case "const":
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "format": {
      const format = String(params.format);
      return { pointer: at, message: `must be ${formatHints[format] ?? `a valid ${format}`}` };
    }
    case "minLength":
    case "maxLength":
      return {
        pointer: at,
        message: `must be ${error.keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} character${params.limit === 1 ? "" : "s"} long`,
      };
    case "multipleOf":
      return { pointer: at, message: `must be a multiple of ${String(params.multipleOf)}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        pointer: at,
        message: `must be ${String(params.comparison)} ${String(params.limit)}`,
      };
    case "pattern":
      return { pointer: at, message: `must match the pattern ${String(params.pattern)}` };
    default:
      return { pointer: at, message: error.message ?? `fails "${error.keyword}"` };
  }
}

/**
 * A generated validator: a type guard, and after a `false` answer `errors` lists each problem with
 * a JSON pointer and a message (`[]` after a `true` one).
 */
export interface Validator<T> {
  (value: unknown): value is T;
  readonly errors: readonly ValidationProblem[];
}

/**
 * Wraps one of ajv's compiled functions as a `Validator`. Messages are made only when `errors` is
 * read, so that validating stays as fast as ajv itself; `dateKeys` names the properties whose
 * `Date` values are checked as the ISO-8601 strings they are sent as (collections only).
 */
export function createValidator<T>(
  compiled: CompiledValidator,
  dateKeys: readonly string[] = [],
): Validator<T> {
  // The common case costs one call: a value with a Date where a date string is expected fails
  // the first check, and only then is it checked again with its dates as ISO strings.
  const validate =
    dateKeys.length === 0
      ? (value: unknown): value is T => compiled(value)
      : (value: unknown): value is T => {
          if (compiled(value)) return true;
          const converted = withIsoDates(value, dateKeys);
          return converted !== value && compiled(converted);
        };
  // ajv leaves the last call's errors on its function (null after a valid value); messages are
  // made from them when read, once per call.
  let seen: readonly RawValidationError[] | null | undefined;
  let described: readonly ValidationProblem[] = [];
  Object.defineProperty(validate, "errors", {
    enumerable: true,
    get: () => {
      const raw = compiled.errors ?? null;
      if (raw !== seen) {
        seen = raw;
        described = raw ? describeValidationErrors(raw) : [];
      }
      return described;
    },
  });
  return validate as Validator<T>;
}

/**
 * A flat properties object with the `Date` values of `keys` turned into ISO-8601 strings, as they
 * will be sent; the object itself when none of them holds a `Date`.
 */
export function withIsoDates<T>(properties: T, keys: readonly string[]): T {
  if (typeof properties !== "object" || properties === null || Array.isArray(properties))
    return properties;
  const record = properties as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of keys) {
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    if (!(value instanceof Date)) continue;
    // A copy made key by key: a spread would let a key named __proto__ set its prototype.
    copy ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(record));
    Object.defineProperty(copy, key, {
      value: Number.isNaN(value.getTime()) ? value : value.toISOString(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return (copy ?? properties) as T;
}
