import { isUtf8 } from "node:buffer";
import { parse as parseJsonc, parseTree, printParseErrorCode, type Node } from "jsonc-parser";
import type { Position, Range } from "../check/diagnostic.js";
import { appendPointer, decodePointer } from "./json-pointer.js";

/** Schema files are hand-written documents; anything larger is almost surely the wrong file. */
export const maxSchemaFileBytes = 10 * 1024 * 1024;

/** Why a file could not be read as JSON text at all. */
export interface ReadProblem {
  kind: "empty" | "binary" | "not-utf8" | "too-large";
  message: string;
}

export interface SyntaxProblem {
  /** jsonc-parser's error name, e.g. `CommaExpected`. */
  code: string;
  offset: number;
  length: number;
}

/** Which part of a property a range should cover. */
export type NodePart = "value" | "key";

const parseOptions = { disallowComments: true, allowTrailingComma: false } as const;

/**
 * One JSON file: its text, its parsed value and, on demand, positions.
 *
 * Parsing takes the native `JSON.parse` path; the position tree from jsonc-parser is built only
 * when a diagnostic needs a range, a syntax error needs locating, or duplicate keys are possible.
 *
 * A file that parsed keeps the bytes it was read from rather than its text, and decodes the text
 * again when something asks for it (a diagnostic's range, a fix): Buffers live outside the
 * JavaScript heap, where the garbage collector does not copy them, and most files are never shown.
 */
export class SourceFile {
  readonly readProblem: ReadProblem | undefined;
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** The parsed value; `undefined` when the file cannot be read or parsed. */
  readonly value: unknown;
  #text: string | undefined;
  #bytes: Buffer | undefined;
  /** How many `"key":` shapes the text has; counted while the text is at hand. */
  #keyShapes = 0;
  #tree: Node | undefined | null = null;
  #lineStarts: number[] | undefined;
  #pointers: Map<object, string> | undefined;

  constructor(
    /** Absolute path. */
    readonly path: string,
    /** Path relative to the workspace root, `/`-separated: the name used in diagnostics. */
    readonly name: string,
    content: Buffer | string,
  ) {
    const decoded = typeof content === "string" ? { text: content } : decode(content);
    this.readProblem = decoded.problem;
    const text = withoutBom(decoded.text);
    if (!this.readProblem && text.trim() === "") {
      this.readProblem = {
        kind: "empty",
        message: "the file is empty; a schema file holds one JSON object",
      };
    }
    let value: unknown;
    let problems: SyntaxProblem[] = [];
    if (!this.readProblem) {
      try {
        value = JSON.parse(text);
      } catch {
        problems = [];
        parseJsonc(text, problems as never, parseOptions);
        problems = problems.map((p) => {
          const raw = p as unknown as { error: number; offset: number; length: number };
          return { code: printParseErrorCode(raw.error), offset: raw.offset, length: raw.length };
        });
        if (problems.length === 0) {
          // JSON.parse and jsonc-parser disagree only on exotic input; still report it.
          problems.push({ code: "InvalidSymbol", offset: 0, length: 0 });
        }
        value = undefined;
      }
    }
    this.syntaxProblems = problems;
    this.value = value;
    if (this.parsed) this.#keyShapes = countKeyShapes(text);
    if (this.parsed && typeof content !== "string") this.#bytes = content;
    else this.#text = text;
  }

  /** The text, without a byte order mark: it is not part of the JSON text, nor a column. */
  get text(): string {
    if (this.#text === undefined) {
      this.#text = withoutBom(this.#bytes!.toString("utf8"));
      this.#bytes = undefined;
    }
    return this.#text;
  }

  /** True when the file parsed and holds a value rules can look at. */
  get parsed(): boolean {
    return this.readProblem === undefined && this.syntaxProblems.length === 0;
  }

  /** The jsonc-parser tree with offsets; built on first use. */
  get tree(): Node | undefined {
    if (this.#tree === null) this.#tree = parseTree(this.text, [], parseOptions);
    return this.#tree;
  }

  /**
   * Whether some object may hold the same key twice (JSON.parse keeps only the last one).
   * Cheap: compares how many `"key":` shapes the text has with how many keys were parsed.
   * A string that merely contains `":` makes this say "maybe"; the caller then looks properly.
   * `parsedKeys` is `countKeys(this.value)`, for a caller that has counted on a walk of its own.
   */
  mayHaveDuplicateKeys(parsedKeys?: number): boolean {
    if (!this.parsed) return false;
    return this.#keyShapes > (parsedKeys ?? countKeys(this.value));
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset };
  }

  rangeAt(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  /**
   * The JSON pointer of an object or array of the parsed value. JSON.parse makes each place its
   * own object, so the object names its place; rules carry objects and need a pointer only to
   * report, so the pointers of a file are worked out together, on the first request.
   */
  pointerOf(value: object): string {
    if (!this.#pointers) {
      this.#pointers = new Map();
      if (typeof this.value === "object" && this.value !== null) {
        listPointers(this.value, "", this.#pointers);
      }
    }
    const pointer = this.#pointers.get(value);
    if (pointer === undefined) throw new Error(`${this.name}: the value is not part of this file`);
    return pointer;
  }

  /** The tree node at a JSON pointer, or the deepest node on the way there. */
  nodeAt(pointer: string): Node | undefined {
    let node = this.tree;
    for (const segment of decodePointer(pointer)) {
      if (!node) return undefined;
      const child = childNode(node, segment);
      if (!child) return node;
      node = child;
    }
    return node;
  }

  /** The range of the value (or its key) at `pointer`; the whole first line when there is none. */
  rangeOf(pointer: string, part: NodePart = "value"): Range {
    const node = this.nodeAt(pointer);
    if (!node) return this.rangeAt(0, 0);
    const target =
      part === "key" && node.parent?.type === "property" ? node.parent.children?.[0] : node;
    return this.rangeAt((target ?? node).offset, (target ?? node).length);
  }

  /** The text of line `line` (1-based), without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line - 1] ?? this.text.length;
    const end = starts[line] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$/, "");
  }

  private lineStarts(): number[] {
    if (!this.#lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }
}

function listPointers(value: object, pointer: string, out: Map<object, string>): void {
  out.set(value, pointer);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) listPointers(item, `${pointer}/${i}`, out);
    }
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === "object" && item !== null) {
        listPointers(item, appendPointer(pointer, key), out);
      }
    }
  }
}

function childNode(node: Node, segment: string): Node | undefined {
  if (node.type === "object") {
    // The last of duplicate keys wins, as in JSON.parse.
    let found: Node | undefined;
    for (const property of node.children ?? []) {
      if (property.children?.[0]?.value === segment) found = property.children[1];
    }
    return found;
  }
  if (node.type === "array" && /^(0|[1-9][0-9]*)$/.test(segment)) {
    return node.children?.[Number(segment)];
  }
  return undefined;
}

/**
 * How often the text has `"`, optional JSON whitespace, then `:` — what the regular expression
 * /"[ \t\r\n]*:/g would match, counted from each `:` back, without allocating a match per key.
 */
function countKeyShapes(text: string): number {
  let shapes = 0;
  for (let colon = text.indexOf(":"); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    let i = colon - 1;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9 || c === 13 || c === 10) c = text.charCodeAt(--i);
    if (c === 34) shapes++;
  }
  return shapes;
}

/** How many keys the objects in a parsed value hold, nested ones included. */
export function countKeys(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) n += countKeys(value[i]);
  } else {
    for (const key in value) n += 1 + countKeys((value as Record<string, unknown>)[key]);
  }
  return n;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decode(buffer: Buffer): { text: string; problem?: ReadProblem } {
  if (buffer.length > maxSchemaFileBytes) {
    const mb = (buffer.length / 1024 / 1024).toFixed(1);
    return {
      text: "",
      problem: {
        kind: "too-large",
        message: `the file is ${mb} MB; schema files are limited to ${maxSchemaFileBytes / 1024 / 1024} MB — is this a data file in the schema folder?`,
      },
    };
  }
  if (buffer.indexOf(0) !== -1) {
    return {
      text: "",
      problem: {
        kind: "binary",
        message:
          "the file is binary (it holds NUL bytes), not JSON text; remove it from the schema folder",
      },
    };
  }
  if (!isUtf8(buffer)) {
    return {
      text: "",
      problem: {
        kind: "not-utf8",
        message: "the file is not valid UTF-8; save it as UTF-8 (JSON text must be UTF-8)",
      },
    };
  }
  return { text: buffer.toString("utf8") };
}
