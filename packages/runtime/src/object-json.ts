/**
 * One object as JSON, byte for byte what `JSON.stringify` makes of it, built while 000's rules on
 * the values are checked: one pass over the properties instead of a check and a `JSON.stringify`
 * (which V8 11, Node 20's, runs at some 100 MB/s on these objects). The Objects sender sends
 * `{"id":…,"properties":{…}}` (000); the Bulk writer writes `{"id":…,"collection":…,"properties":{…}}`
 * as an NDJSON line (001).
 *
 * The text is built by concatenation, and each piece becomes a part of a rope that is copied once
 * more when the text is written out; fewer, longer pieces make that copy cheaper. So a value's
 * quotes are not pieces of their own: the punctuation between two values — the closing quote of
 * the one before, the comma, the next name and its opening quote — is one piece, made once per
 * property name.
 */

import { maxPropertyValueBytes } from "./contract.js";
import { hasOwnProperty, valueProblem } from "./object-checks.js";

/** What JSON.stringify escapes in a string (ES2019 well-formed: lone surrogates too). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON: quoted as it is when nothing in it needs escaping, else by JSON.stringify. */
export function jsonString(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * What comes before a property's value, by what came before it: nothing (the first property),
 * a value that is not a string, or a string (whose closing quote is still to write) — and by
 * whether the value is a string (whose opening quote comes with it). Indexed by `after… + (un)quoted`.
 */
const afterNothing = 0;
const afterValue = 2;
const afterOpenString = 4;
const unquoted = 0;
const quoted = 1;

/** The six joiners of each property name, made once: objects of a collection share their names. */
const joiners = new Map<string, readonly string[]>();
const maxNames = 4096;

function joinersOf(name: string): readonly string[] {
  let found = joiners.get(name);
  if (found === undefined) {
    // Names are the caller's data: a sender of ever new names must not grow this for ever.
    if (joiners.size >= maxNames) joiners.clear();
    const member = `${jsonString(name)}:`;
    found = [member, `${member}"`, `,${member}`, `,${member}"`, `",${member}`, `",${member}"`];
    joiners.set(name, found);
  }
  return found;
}

/**
 * The names of the last object written, by position, and their joiners: objects of a collection
 * mostly come with the same names in the same order, so each name is compared with the one at its
 * place in the last object (one comparison of two interned strings) before the map is asked.
 */
const lastNames: string[] = [];
const lastJoiners: (readonly string[])[] = [];

function joinersAt(place: number, name: string): readonly string[] {
  if (lastNames[place] === name) return lastJoiners[place]!;
  const found = joinersOf(name);
  if (place < maxNames) {
    lastNames[place] = name;
    lastJoiners[place] = found;
  }
  return found;
}

/** What follows the id: the collection when there is one, and the opening of the properties. */
export interface ObjectJsonHead {
  /** After an id written as it is, whose closing quote is still to write. */
  afterOpenId: string;
  /** After an id that JSON.stringify escaped, quotes included. */
  afterId: string;
}

/** The head of the Bulk API's lines of `collection` (001), or of the Objects API's objects (000). */
export function objectJsonHead(collection?: string): ObjectJsonHead {
  const members = `${collection === undefined ? "" : `,"collection":${jsonString(collection)}`},"properties":{`;
  return { afterOpenId: `"${members}`, afterId: members };
}

/**
 * The JSON of an object whose shape passed 000's checks (`shapeProblems`: a valid id, an object of
 * properties), or `undefined` when one of its values breaks 000 — `contractProblems` then says
 * which. Properties are the own enumerable string keys, as JSON.stringify sees them; a `Date` is
 * written as its ISO-8601 string.
 */
export function objectJson(
  id: string,
  head: ObjectJsonHead,
  properties: object,
): string | undefined {
  const source = properties as Record<string, unknown>;
  let json = needsEscape.test(id)
    ? `{"id":${JSON.stringify(id)}${head.afterId}`
    : `{"id":"${id}${head.afterOpenId}`;
  let before: number = afterNothing;
  let place = 0;
  for (const key in source) {
    if (!hasOwnProperty.call(source, key)) continue;
    const joiners = joinersAt(place++, key);
    const value = source[key];
    // Whatever is not plainly fine goes to `valueProblem`, so that both accept the same values.
    switch (typeof value) {
      case "string":
        if (value.length * 3 >= maxPropertyValueBytes && valueProblem(value) !== undefined)
          return undefined;
        if (needsEscape.test(value)) {
          json += joiners[before + unquoted] + JSON.stringify(value);
          before = afterValue;
        } else {
          json += joiners[before + quoted] + value;
          before = afterOpenString;
        }
        break;
      case "number":
        // A finite number's JSON is its ToString, -0 as "0" included.
        if (!Number.isFinite(value)) return undefined;
        json += joiners[before + unquoted] + `${value}`;
        before = afterValue;
        break;
      case "boolean":
        json += joiners[before + unquoted] + (value ? "true" : "false");
        before = afterValue;
        break;
      default:
        if (valueProblem(value) !== undefined) return undefined;
        if (value === null) {
          json += joiners[before + unquoted] + "null";
          before = afterValue;
        } else {
          // A valid Date, the one object 000's checks let through: its ISO string, as Date#toJSON.
          json += joiners[before + quoted] + (value as Date).toISOString();
          before = afterOpenString;
        }
    }
  }
  return json + (before === afterOpenString ? '"}}' : "}}");
}
