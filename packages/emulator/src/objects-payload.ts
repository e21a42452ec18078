import {
  collectionNameReasons,
  maxObjectIdLength,
  maxObjectsPerRequest,
  maxPropertyValueBytes,
  valueBytes,
} from "@segkit/runtime";
import { HttpError } from "./http.js";
import type { PropertyValue, WarehouseObject } from "./warehouse.js";

export interface SetRequest {
  collection: string;
  objects: WarehouseObject[];
}

/** One thing wrong with a payload, at a JSON pointer. */
export interface PayloadProblem {
  pointer: string;
  message: string;
}

/**
 * Checks a `/v1/set` body against 000: a collection name, 1 to 10 objects, each with an id of at
 * most 100 characters and properties whose values are strings, numbers or booleans (or null),
 * each under 32 KB. Throws a 400 whose message names the first problem (object index and field)
 * and whose `errors` lists them all.
 */
export function parseSetRequest(body: unknown): SetRequest {
  const problems: PayloadProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid([
      { pointer: "", message: 'the body must be an object {"collection": …, "objects": […]}' },
    ]);
  }
  const { collection, objects } = body as Record<string, unknown>;
  if (typeof collection !== "string") {
    problem(
      "/collection",
      collection === undefined ? "collection is required" : "collection must be a string",
    );
  } else {
    for (const reason of collectionNameReasons(collection)) {
      problem(
        "/collection",
        `collection "${collection}" ${reason}; collections are lowercase letters and underscores, at most 100 characters, not starting or ending with an underscore`,
      );
    }
  }
  if (!Array.isArray(objects)) {
    problem(
      "/objects",
      objects === undefined
        ? "objects is required: an array of 1 to 10 objects"
        : "objects must be an array of 1 to 10 objects",
    );
  } else if (objects.length === 0 || objects.length > maxObjectsPerRequest) {
    problem(
      "/objects",
      `objects has ${objects.length} items; send 1 to ${maxObjectsPerRequest} objects per request`,
    );
  }
  const parsed: WarehouseObject[] = [];
  if (Array.isArray(objects) && objects.length <= maxObjectsPerRequest) {
    objects.forEach((object, index) => {
      const at = `/objects/${index}`;
      if (typeof object !== "object" || object === null || Array.isArray(object)) {
        problem(at, `objects[${index}] must be an object with "id" and "properties"`);
        return;
      }
      const { id, properties } = object as Record<string, unknown>;
      if (typeof id !== "string") {
        problem(
          `${at}/id`,
          `objects[${index}].id ${id === undefined ? "is required" : "must be a string"}`,
        );
      } else if (id === "") {
        problem(`${at}/id`, `objects[${index}].id is empty`);
      } else if (id.length > maxObjectIdLength) {
        problem(
          `${at}/id`,
          `objects[${index}].id is ${id.length} characters; ids are at most ${maxObjectIdLength}`,
        );
      }
      if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
        problem(
          `${at}/properties`,
          `objects[${index}].properties ${properties === undefined ? "is required" : "must be an object"}`,
        );
        return;
      }
      for (const [name, value] of Object.entries(properties)) {
        const where = `objects[${index}].properties.${name}`;
        const pointer = `${at}/properties/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
        if (typeof value === "object" && value !== null) {
          problem(
            pointer,
            `${where} is ${Array.isArray(value) ? "a list" : "an object"}; values cannot be lists or objects`,
          );
        } else if (valueBytes(value as PropertyValue) >= maxPropertyValueBytes) {
          problem(
            pointer,
            `${where} is ${valueBytes(value as PropertyValue)} bytes; each value must be less than 32 KB`,
          );
        }
      }
      if (typeof id === "string")
        parsed.push({ id, properties: properties as Record<string, PropertyValue> });
    });
  }
  if (problems.length > 0) throw invalid(problems);
  return { collection: collection as string, objects: parsed };
}

function invalid(problems: PayloadProblem[]): HttpError {
  const [first] = problems;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problems, in "errors")` : "";
  return new HttpError(400, `${first!.message}${more}`, {}, { errors: problems });
}
