import { appendPointer } from "./json-pointer.js";
import type { SchemaDocument } from "./workspace.js";

/**
 * A place in a document that a check looks at: the value there and, when it is already known, its
 * JSON pointer.
 *
 * A check looks at tens of thousands of places and reports a few, so a place found by walking a
 * document leaves its pointer out: JSON.parse makes each object its own, so the object names its
 * place, and `pointerOf` spells it out when a report needs it. A place a `$ref` names keeps the
 * pointer as the `$ref` wrote it.
 *
 * Places are plain objects, made in one shape: a class would be faster to write, but its instances'
 * hidden classes die with them, and V8 then throws away the code compiled for them at every check.
 */
export interface Place {
  readonly document: SchemaDocument;
  readonly value: unknown;
  readonly pointer: string | undefined;
}

export function pointerOf(place: Place): string {
  return place.pointer ?? place.document.file.pointerOf(place.value as object);
}

/** The place of `parent.value[keyword]`, or of `parent.value[keyword][index]`. */
export function childPlace(parent: Place, value: unknown, keyword: string, index?: number): Place {
  // Below a place found by its object, an object is found the same way and named the same.
  if (parent.pointer === undefined && typeof value === "object" && value !== null) {
    return { document: parent.document, value, pointer: undefined };
  }
  const pointer =
    index === undefined
      ? appendPointer(pointerOf(parent), keyword)
      : appendPointer(pointerOf(parent), keyword, index);
  return { document: parent.document, value, pointer };
}
