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
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isPlainObject(current)) {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
