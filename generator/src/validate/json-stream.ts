/**
 * A large `.json` file read as a stream: a top-level array, or an object whose `"batch"` is an array
 * (Segment's batch call), is cut into its elements as the bytes go past, each with the line, column
 * and offset it starts at. Only one element is held at a time, so a multi-gigabyte export of events
 * takes the memory of its largest element.
 *
 * The splitter follows strings (with escapes) and nesting to find where each element ends; it does
 * not parse. An element that is not valid JSON is reported by whoever parses it; text that breaks
 * the structure around the elements (garbage between them, a missing bracket) stops the splitter
 * with a located problem.
 */

export interface StreamedElement {
  /** The element's bytes, from its first character to its last. */
  bytes: Buffer;
  /** Its index in the array, and the pointer of the array (`""` or `"/batch"`). */
  index: number;
  arrayPointer: string;
  /** Where it starts: 1-based line and column (UTF-16 units), 0-based UTF-16 offset. */
  line: number;
  column: number;
  offset: number;
  /** Set when the element was longer than the splitter holds: its length, its bytes not kept. */
  tooLong?: number;
}

interface StreamProblem {
  line: number;
  column: number;
  offset: number;
  message: string;
}

const enum Mode {
  /** Before the top-level value. */
  Start,
  /** In the top-level object, before a key (or its end). */
  ObjectKey,
  /** Reading a key of the top-level object. */
  KeyString,
  /** After a key, before ":". */
  Colon,
  /** After ":", before the value. */
  ObjectValue,
  /** Skipping a value of the top-level object that is not the batch. */
  SkipValue,
  /** After a value of the top-level object: "," or "}". */
  ObjectNext,
  /** In the array, before an element (or its end). */
  ArrayItem,
  /** In an element. */
  Element,
  /** After an element: "," or "]". */
  ArrayNext,
  /** After the top-level value: only whitespace. */
  End,
  /** A problem stopped the splitter. */
  Stopped,
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export class ElementSplitter {
  private mode = Mode.Start;
  private line = 1;
  private column = 1;
  private offset = 0;
  // Strings and nesting inside an element or a skipped value.
  private inString = false;
  private escaped = false;
  private depth = 0;
  // The top-level object's key being read, and whether the value read is the batch array.
  private key: number[] = [];
  private inBatchObject = false;
  private arrayPointer = "";
  private index = 0;
  // The element being gathered.
  private parts: Buffer[] = [];
  private held = 0;
  private start = { line: 1, column: 1, offset: 0 };
  private skippedBytes = 0;
  /** True when the top-level value is neither an array nor an object (known at its first byte). */
  notAnArray = false;
  /** True once an array of elements (the top-level one, or the batch) has been entered. */
  sawArray = false;

  constructor(
    private readonly maxElementBytes: number,
    private readonly onElement: (element: StreamedElement) => void,
    private readonly onProblem: (problem: StreamProblem) => void,
  ) {}

  get stopped(): boolean {
    return this.mode === Mode.Stopped;
  }

  push(chunk: Buffer): void {
    // Where the current element's bytes start in this chunk (-1: not in an element).
    let from = this.mode === Mode.Element ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.mode) {
        case Mode.Stopped:
          return;
        case Mode.Start:
          if (isSpace(b)) break;
          if (b === 0x5b /* [ */) {
            this.mode = Mode.ArrayItem;
            this.sawArray = true;
          } else if (b === 0x7b /* { */) {
            this.mode = Mode.ObjectKey;
            this.inBatchObject = true;
          } else {
            this.notAnArray = true;
            this.stop("the file holds one value that is neither an array nor an object");
            return;
          }
          break;
        case Mode.ObjectKey:
          if (isSpace(b)) break;
          if (b === 0x22 /* " */) {
            this.mode = Mode.KeyString;
            this.key = [];
            this.escaped = false;
          } else if (b === 0x7d /* } */) this.mode = Mode.End;
          else return this.stop(`expected a property name in double quotes, found ${shown(b)}`);
          break;
        case Mode.KeyString:
          if (this.escaped) this.escaped = false;
          else if (b === 0x5c) this.escaped = true;
          else if (b === 0x22) {
            this.mode = Mode.Colon;
            break;
          }
          if (this.key.length < 64) this.key.push(b);
          break;
        case Mode.Colon:
          if (isSpace(b)) break;
          if (b !== 0x3a)
            return this.stop(`expected ":" after the property name, found ${shown(b)}`);
          this.mode = Mode.ObjectValue;
          break;
        case Mode.ObjectValue:
          if (isSpace(b)) break;
          if (b === 0x5b && Buffer.from(this.key).toString("latin1") === "batch") {
            this.arrayPointer = "/batch";
            this.index = 0;
            this.mode = Mode.ArrayItem;
            this.sawArray = true;
            break;
          }
          this.mode = Mode.SkipValue;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          if (this.skipByte(b)) this.mode = Mode.ObjectNext;
          break;
        case Mode.SkipValue:
          if (this.depth === 0 && !this.inString && (b === 0x2c || b === 0x7d || isSpace(b))) {
            // A number or literal ended; the delimiter is handled as ObjectNext.
            this.mode = Mode.ObjectNext;
            i--;
            continue;
          }
          if (this.skipByte(b)) this.mode = Mode.ObjectNext;
          break;
        case Mode.ObjectNext:
          if (isSpace(b)) break;
          if (b === 0x2c) this.mode = Mode.ObjectKey;
          else if (b === 0x7d) this.mode = Mode.End;
          else return this.stop(`expected "," or "}" after a property value, found ${shown(b)}`);
          break;
        case Mode.ArrayItem:
          if (isSpace(b)) break;
          if (b === 0x5d /* ] */ && this.index === 0) {
            this.mode = this.inBatchObject ? Mode.ObjectNext : Mode.End;
            break;
          }
          if (b === 0x5d || b === 0x2c)
            return this.stop(
              b === 0x5d
                ? "a comma cannot come before a closing bracket in JSON; remove the comma"
                : "expected an array item, found a second comma",
            );
          this.mode = Mode.Element;
          this.start = { line: this.line, column: this.column, offset: this.offset };
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          this.parts = [];
          this.held = 0;
          this.skippedBytes = 0;
          from = i;
          i--; // The element's first byte is read in Element mode.
          continue;
        case Mode.Element: {
          if (!this.inString && this.depth === 0 && (b === 0x2c || b === 0x5d)) {
            this.gather(chunk, from, i);
            this.finishElement();
            from = -1;
            if (b === 0x2c) this.mode = Mode.ArrayItem;
            else this.mode = this.inBatchObject ? Mode.ObjectNext : Mode.End;
            break;
          }
          if (!this.inString && this.depth === 0 && isSpace(b)) {
            // Whitespace after a complete element: the element ends here.
            this.gather(chunk, from, i);
            this.finishElement();
            from = -1;
            this.mode = Mode.ArrayNext;
            break;
          }
          this.skipByte(b);
          break;
        }
        case Mode.ArrayNext:
          if (isSpace(b)) break;
          if (b === 0x2c) this.mode = Mode.ArrayItem;
          else if (b === 0x5d) this.mode = this.inBatchObject ? Mode.ObjectNext : Mode.End;
          else return this.stop(`expected "," or "]" after an array item, found ${shown(b)}`);
          break;
        case Mode.End:
          if (isSpace(b)) break;
          return this.stop(
            `unexpected ${shown(b)} after the end of the JSON value; a file holds one value`,
          );
      }
      this.advance(b);
    }
    if (this.mode === Mode.Element && from !== -1) this.gather(chunk, from, chunk.length);
  }

  /** The end of the input: a value left open is a problem. */
  end(): void {
    if (this.mode === Mode.Stopped || this.mode === Mode.End) return;
    if (this.mode === Mode.Start) return this.stop("the file is empty: expected a JSON value");
    this.stop(
      "the text ends inside the array or object: expected more, or a closing bracket; is the file cut short?",
    );
  }

  /** Follows strings and nesting; true when a value that opened here has closed (depth back to 0). */
  private skipByte(b: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === 0x5c) this.escaped = true;
      else if (b === 0x22) {
        this.inString = false;
        return this.depth === 0;
      }
      return false;
    }
    if (b === 0x22) this.inString = true;
    else if (b === 0x7b || b === 0x5b) this.depth++;
    else if (b === 0x7d || b === 0x5d) {
      this.depth--;
      return this.depth === 0;
    }
    return false;
  }

  /** Keeps the element's bytes [from, to) of the chunk, up to the size held. */
  private gather(chunk: Buffer, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    const length = to - from;
    if (this.skippedBytes > 0 || this.held + length > this.maxElementBytes) {
      this.skippedBytes += length;
      return;
    }
    this.parts.push(Buffer.from(chunk.subarray(from, to)));
    this.held += length;
  }

  private finishElement(): void {
    const tooLong = this.skippedBytes > 0 ? this.held + this.skippedBytes : undefined;
    const bytes =
      tooLong === undefined
        ? this.parts.length === 1
          ? this.parts[0]!
          : Buffer.concat(this.parts)
        : Buffer.concat(this.parts).subarray(0, 512);
    this.onElement({
      bytes,
      index: this.index++,
      arrayPointer: this.arrayPointer,
      ...this.start,
      ...(tooLong !== undefined && { tooLong }),
    });
    this.parts = [];
    this.held = 0;
    this.skippedBytes = 0;
  }

  /** Moves the position past byte `b`: lines, UTF-16 columns and offset. */
  private advance(b: number): void {
    if (b === 0x0a) {
      this.line++;
      this.column = 1;
      this.offset++;
    } else if ((b & 0xc0) !== 0x80) {
      // A character starts here: four-byte sequences are two UTF-16 units.
      const units = b >= 0xf0 ? 2 : 1;
      this.column += units;
      this.offset += units;
    }
  }

  private stop(message: string): void {
    this.onProblem({ line: this.line, column: this.column, offset: this.offset, message });
    this.mode = Mode.Stopped;
  }
}

function shown(b: number): string {
  return b >= 0x20 && b < 0x7f
    ? JSON.stringify(String.fromCharCode(b))
    : `byte 0x${b.toString(16).toUpperCase().padStart(2, "0")}`;
}
