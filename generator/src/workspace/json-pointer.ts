/** JSON pointers (RFC 6901): how diagnostics and `$ref`s name a place in a document. */

export type PointerSegment = string | number;

export function encodePointer(segments: readonly PointerSegment[]): string {
  let out = "";
  for (const segment of segments) {
    const text = String(segment);
    // Most names need no escape; checking first spares two string copies per segment.
    out +=
      "/" +
      (text.includes("~") || text.includes("/")
        ? text.replaceAll("~", "~0").replaceAll("/", "~1")
        : text);
  }
  return out;
}

export function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  const segments = pointer.slice(1).split("/");
  if (pointer.includes("~")) {
    for (let i = 0; i < segments.length; i++) {
      segments[i] = segments[i]!.replaceAll("~1", "/").replaceAll("~0", "~");
    }
  }
  return segments;
}

export function appendPointer(pointer: string, ...segments: PointerSegment[]): string {
  return pointer + encodePointer(segments);
}

/** The value at `segments` in a parsed JSON value, or `undefined`. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    current = childValue(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * The value at `pointer` in a parsed JSON value, or `undefined`: `valueAt` of its segments, without
 * making the list of them when no segment has an escape (`$ref`s are resolved by the thousand).
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === "" || pointer.includes("~")) return valueAt(root, decodePointer(pointer));
  if (pointer.charCodeAt(0) !== 47) return valueAt(root, decodePointer(pointer)); // throws
  let current = root;
  let start = 1;
  for (;;) {
    const end = pointer.indexOf("/", start);
    const segment = end === -1 ? pointer.slice(start) : pointer.slice(start, end);
    current = childValue(current, segment);
    if (end === -1 || current === undefined) return current;
    start = end + 1;
  }
}

function childValue(current: unknown, segment: string): unknown {
  if (Array.isArray(current)) {
    return /^(0|[1-9][0-9]*)$/.test(segment) ? current[Number(segment)] : undefined;
  }
  if (isPlainObject(current)) return Object.hasOwn(current, segment) ? current[segment] : undefined;
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
