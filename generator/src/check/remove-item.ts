import { appendPointer } from "../workspace/json-pointer.js";
import type { SourceFile } from "../workspace/source-file.js";
import type { EditSpec } from "./rule.js";

/** The edit that removes item `index` of the array at `pointer`, with the comma that joins it to the rest. */
export function removeItem(
  file: SourceFile,
  pointer: string,
  index: number,
  length: number,
): EditSpec {
  const item = file.rangeOf(appendPointer(pointer, index));
  // The comma before the item, or after it for the first item; nothing for the only one.
  const start =
    index > 0 ? file.rangeOf(appendPointer(pointer, index - 1)).end.offset : item.start.offset;
  const end =
    index === 0 && length > 1
      ? file.rangeOf(appendPointer(pointer, 1)).start.offset
      : item.end.offset;
  return { target: { pointer, range: file.rangeAt(start, end - start) }, newText: "" };
}
