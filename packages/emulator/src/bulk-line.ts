import {
  collectionNameReasons,
  maxObjectIdLength,
  maxPropertyValueBytes,
  valueBytes,
} from "@segkit/runtime";
import { HttpError } from "./http.js";
import type { PayloadProblem } from "./objects-payload.js";
import type { PropertyValue, WarehouseObject } from "./warehouse.js";

/** One line of a bulk upload (001 "Batched Object Data"). */
export interface BulkObject extends WarehouseObject {
  collection: string;
}

/**
 * Checks one NDJSON line of an upload against 001: a JSON object with an `id` string of at most
 * 100 characters, a `collection` name (lowercase letters and underscores, at most 100 characters,
 * not starting or ending with an underscore), and `properties`, an object whose values are not
 * lists or objects and are each less than 32 KB. Throws a 400 whose message names the line and
 * the first field at fault, and whose `errors` lists every problem of that line.
 */
export function parseBulkLine(bytes: Buffer, line: number): BulkObject {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw invalidLine(line, [
      {
        pointer: "",
        message: `is not valid JSON (${(error as Error).message}); each line is one JSON object {"id": …, "collection": …, "properties": {…}}`,
      },
    ]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidLine(line, [
      {
        pointer: "",
        message: `is ${describe(value)}; each line is one JSON object {"id": …, "collection": …, "properties": {…}}`,
      },
    ]);
  }
  const problems: PayloadProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  const { id, collection, properties } = value as Record<string, unknown>;

  if (typeof id !== "string") {
    problem("/id", id === undefined ? "id is required (a string)" : "id must be a string");
  } else if (id === "") {
    problem("/id", "id is empty");
  } else if (id.length > maxObjectIdLength) {
    problem("/id", `id is ${id.length} characters; ids are at most ${maxObjectIdLength}`);
  }

  if (typeof collection !== "string") {
    problem(
      "/collection",
      collection === undefined
        ? "collection is required (a string)"
        : "collection must be a string",
    );
  } else if (!validCollections.has(collection)) {
    const reasons = collectionNameReasons(collection);
    for (const reason of reasons) {
      problem(
        "/collection",
        `collection "${collection}" ${reason}; collections are lowercase letters and underscores, at most 100 characters, not starting or ending with an underscore`,
      );
    }
    if (reasons.length === 0 && validCollections.size < maxRememberedCollections) {
      validCollections.add(collection);
    }
  }

  if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
    const capitalized = properties === undefined && "Properties" in (value as object);
    problem(
      "/properties",
      properties === undefined
        ? `properties is required (an object of values)${capitalized ? '; the field is "properties", in lowercase' : ""}`
        : "properties must be an object",
    );
  } else {
    for (const name in properties) {
      const property = (properties as Record<string, unknown>)[name];
      if (typeof property === "object" && property !== null) {
        problem(
          pointerTo(name),
          `properties.${name} is ${Array.isArray(property) ? "a list" : "an object"}; values cannot be lists or objects`,
        );
      } else if (
        // Numbers, booleans and null are never near 32 KB; a string of n UTF-16 units is at most
        // 3n bytes of UTF-8.
        typeof property === "string" &&
        property.length * 3 >= maxPropertyValueBytes &&
        valueBytes(property) >= maxPropertyValueBytes
      ) {
        problem(
          pointerTo(name),
          `properties.${name} is ${valueBytes(property)} bytes; each value must be less than 32 KB`,
        );
      }
    }
  }

  if (problems.length > 0) throw invalidLine(line, problems);
  return {
    id: id as string,
    collection: collection as string,
    properties: properties as Record<string, PropertyValue>,
  };
}

/** Collection names seen valid, so that a file of one collection checks its name once. */
const validCollections = new Set<string>();
const maxRememberedCollections = 10_000;

function pointerTo(property: string): string {
  return `/properties/${property.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function invalidLine(line: number, problems: PayloadProblem[]): HttpError {
  const [first] = problems;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problems, in "errors")` : "";
  const separator = first!.pointer === "" ? " " : ": ";
  return new HttpError(
    400,
    `line ${line}${separator}${first!.message}${more}; the upload was not stored`,
    {},
    { line, errors: problems },
  );
}
