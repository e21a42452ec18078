/**
 * What generated validators run on: ajv's run-time helpers and format checks (the validators are
 * ajv standalone code, compiled when `segkit generate` runs, never at run time), and the one
 * place ajv's errors become messages a person reads.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";
import equal from "ajv/dist/runtime/equal.js";
import ucs2length from "ajv/dist/runtime/ucs2length.js";
import uriRuntime from "ajv/dist/runtime/uri.js";
import type { ValidationProblem } from "./object-checks.js";

// --- Formats ------------------------------------------------------------------------------------
//
// The formats generated validators check are ajv-formats' "full" ones, with the same answers for
// every string. date, time, date-time and uri, the ones objects carry most whose checks cost most
// (match arrays, a split, a long pattern), take a shortcut: a scan of the string's characters
// that allocates nothing. date, time and date-time are decided by the scan alone (their grammar is
// small: RFC 3339, section 5.6, as ajv-formats reads it); a uri the scan does not accept goes to
// ajv-formats' own check, which has the last word. Patterns with no captures (email, uuid) are
// left alone: V8 runs them as fast as a scan. Each format keeps the shape ajv-formats gives it (a
// function, a { validate, compare } definition, a RegExp): segkit generate compiled each call for
// that shape. test/generate/validator-formats.test.ts holds them to ajv-formats' answers.

type FormatDefinition = { validate: (str: string) => boolean; compare: unknown };
const full = fullFormats as unknown as Record<string, unknown>;
const fullDefinition = (name: string) => full[name] as FormatDefinition;

/** \d of a RegExp without the u flag: an ASCII digit. */
const isDigit = (code: number) => code >= 48 && code <= 57;
const digitAt = (str: string, at: number) => str.charCodeAt(at) - 48;
/** The number two ASCII digits at `at` spell (`"07"` is 7), or -1 when they are not two digits. */
function twoDigitsAt(str: string, at: number): number {
  const tens = digitAt(str, at);
  const ones = digitAt(str, at + 1);
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

const daysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * RFC 3339 full-date (`2026-11-23`) in the 10 characters from `at`, as ajv-formats' `date` checks it.
 * Straight-line: every call site checks a date, and a loop per digit group cost more than the rest.
 */
function isFullDate(str: string, at: number): boolean {
  if (str.charCodeAt(at + 4) !== 45 || str.charCodeAt(at + 7) !== 45) return false;
  const century = twoDigitsAt(str, at);
  const yearOfCentury = twoDigitsAt(str, at + 2);
  const month = twoDigitsAt(str, at + 5);
  const day = twoDigitsAt(str, at + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  if (month !== 2) return day <= daysInMonth[month]!;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (leap ? 29 : 28);
}

/**
 * RFC 3339 full-time (`10:00:00.5+01:00`) from `at` to the end, as ajv-formats' `time` checks it
 * with a time zone required: its pattern `^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$`
 * (case-insensitive), zone hours ≤ 23 and minutes ≤ 59, and 60 seconds only as a leap second at
 * 23:59 UTC.
 */
function isFullTime(str: string, at: number): boolean {
  const end = str.length;
  if (end - at < 9) return false;
  if (str.charCodeAt(at + 2) !== 58 || str.charCodeAt(at + 5) !== 58) return false;
  const hours = twoDigitsAt(str, at);
  const minutes = twoDigitsAt(str, at + 3);
  // Whole seconds decide both comparisons below unless they are 59 or 60 with a fraction, which
  // may round up when read as a number (59.99999999999999999 is 60), as ajv-formats reads it.
  const whole = twoDigitsAt(str, at + 6);
  if (hours < 0 || minutes < 0 || whole < 0) return false;
  let next = at + 8;
  if (str.charCodeAt(next) === 46) {
    const fraction = ++next;
    while (next < end && isDigit(str.charCodeAt(next))) next++;
    if (next === fraction) return false;
  }
  const secondsEnd = next;
  const zone = str.charCodeAt(next);
  let zoneSign = 1;
  let zoneHours = 0;
  let zoneMinutes = 0;
  if (zone === 90 || zone === 122) {
    if (next + 1 !== end) return false;
  } else if (zone === 43 || zone === 45) {
    zoneSign = zone === 45 ? -1 : 1;
    if (next + 3 > end) return false;
    zoneHours = twoDigitsAt(str, next + 1);
    if (zoneHours < 0) return false;
    next += 3;
    if (next < end) {
      if (str.charCodeAt(next) === 58) next++;
      if (next + 2 !== end) return false;
      zoneMinutes = twoDigitsAt(str, next);
      if (zoneMinutes < 0) return false;
    }
  } else return false;
  if (zoneHours > 23 || zoneMinutes > 59) return false;
  const seconds =
    secondsEnd === at + 8 || whole <= 58 || whole >= 61
      ? whole
      : Number(str.slice(at + 6, secondsEnd));
  if (hours <= 23 && minutes <= 59 && seconds < 60) return true;
  const utcMinutes = minutes - zoneMinutes * zoneSign;
  const utcHours = hours - zoneHours * zoneSign - (utcMinutes < 0 ? 1 : 0);
  return (
    (utcHours === 23 || utcHours === -1) && (utcMinutes === 59 || utcMinutes === -1) && seconds < 61
  );
}

const whitespace = /\s/;

/** What ajv-formats splits a date-time at: `/t|\s/i`. */
function isDateTimeSeparator(code: number): boolean {
  if (code === 84 || code === 116 || code === 32) return true;
  if (code < 160) return code >= 9 && code <= 13;
  return whitespace.test(String.fromCharCode(code));
}

function date(str: string): boolean {
  return str.length === 10 && isFullDate(str, 0);
}

function time(str: string): boolean {
  return isFullTime(str, 0);
}

/**
 * ajv-formats splits at every `t` or white space and wants exactly two parts, a date and a time;
 * a time holds neither, so the date is the first 10 characters and the time all after the 11th.
 */
function dateTime(str: string): boolean {
  return (
    str.length > 10 &&
    isDateTimeSeparator(str.charCodeAt(10)) &&
    isFullDate(str, 0) &&
    isFullTime(str, 11)
  );
}

/** Characters classes of ajv-formats' uri pattern (case-insensitive), by char code below 128. */
const uriHost = 1; // [a-z0-9\-._~!$&'()*+,;=]
const uriPath = 2; // the host's and [:@]
const uriQuery = 4; // the path's and [/?]
const uriClasses = new Uint8Array(128);
for (const char of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=")
  uriClasses[char.charCodeAt(0)] = uriHost | uriPath | uriQuery;
for (const char of ":@") uriClasses[char.charCodeAt(0)] = uriPath | uriQuery;
for (const char of "/?") uriClasses[char.charCodeAt(0)] = uriQuery;
const isLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;
const inUriClass = (code: number, mask: number) => code < 128 && (uriClasses[code]! & mask) !== 0;

/**
 * The common shape of an absolute URI: `scheme://host[:port][/path…][?query][#fragment]`, with no
 * user, no IP literal and no percent-escapes. Every string it accepts matches ajv-formats' uri
 * pattern (host as its reg-name, then path-abempty); anything else is left to that pattern.
 */
function isPlainUri(str: string): boolean {
  const end = str.length;
  if (end === 0 || !isLetter(str.charCodeAt(0))) return false;
  let at = 1;
  for (; at < end; at++) {
    const code = str.charCodeAt(at);
    if (!(isLetter(code) || isDigit(code) || code === 43 || code === 45 || code === 46)) break;
  }
  if (str.charCodeAt(at) !== 58 || str.charCodeAt(at + 1) !== 47 || str.charCodeAt(at + 2) !== 47)
    return false;
  at += 3;
  while (at < end && inUriClass(str.charCodeAt(at), uriHost)) at++;
  if (str.charCodeAt(at) === 58) {
    at++;
    while (at < end && isDigit(str.charCodeAt(at))) at++;
  }
  while (str.charCodeAt(at) === 47) {
    at++;
    while (at < end && inUriClass(str.charCodeAt(at), uriPath)) at++;
  }
  if (str.charCodeAt(at) === 63) {
    at++;
    while (at < end && inUriClass(str.charCodeAt(at), uriQuery)) at++;
  }
  if (str.charCodeAt(at) === 35) {
    at++;
    while (at < end && inUriClass(str.charCodeAt(at), uriQuery)) at++;
  }
  return at === end;
}

const fullUri = full.uri as (str: string) => boolean;
function uri(str: string): boolean {
  return isPlainUri(str) || fullUri(str);
}

/** The formats generated validators check: ajv-formats' "full" ones, some of them faster. */
export const ajvFormats: Record<string, unknown> = {
  ...full,
  date: { ...fullDefinition("date"), validate: date },
  time: { ...fullDefinition("time"), validate: time },
  "date-time": { ...fullDefinition("date-time"), validate: dateTime },
  uri,
};

/**
 * What a CommonJS module exports as `default`. Node hands an import the whole `module.exports`
 * (`{ default }`); vitest and bundlers that honour `__esModule` hand over `default` itself.
 */
const commonJsDefault = (module: { default: unknown }): unknown => module.default ?? module;

const ajvUcs2length = commonJsDefault(ucs2length) as (str: string) => number;
const highSurrogate = /[\uD800-\uDBFF]/;

/**
 * ajv's count of a string's characters (a surrogate pair counts once), as minLength and maxLength
 * take it. Only a high surrogate can make it differ from `length`, and most strings hold none: V8
 * finds that out faster with a pattern than ajv's walk over every character.
 */
function countCharacters(str: string): number {
  return highSurrogate.test(str) ? ajvUcs2length(str) : str.length;
}

/** ajv's run-time functions that standalone code calls, by the name of their module. */
export const ajvRuntime: Readonly<Record<"equal" | "ucs2length" | "uri", unknown>> = {
  equal: commonJsDefault(equal),
  ucs2length: countCharacters,
  uri: commonJsDefault(uriRuntime),
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
