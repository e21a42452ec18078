import { isAscii, isUtf8 } from "node:buffer";
import { maxBulkObjectBytes } from "@segkit/runtime/contract";
import type { Severity } from "../check/diagnostic.js";
import { decodePointer } from "../workspace/json-pointer.js";
import {
  checkBulkObject,
  checkEvents,
  checkObjectsBody,
  countItems,
  type CheckContext,
  type Problem,
  type RecordKind,
} from "./checks.js";
import { findSyntaxProblem, locateValue, maxNestingDepth, nestsDeeperThan } from "./json-text.js";
import { validateRuleById, type ValidateRuleId } from "./rules.js";

/**
 * Records in text: NDJSON chunks (a run of complete lines) and whole JSON texts are parsed, checked
 * and their problems located here. The same code runs on the main thread and in worker threads; a
 * chunk's result is plain data, posted back as it is.
 */

/** A problem with its place in the text: 1-based line and column, as editors count them. */
export interface LocatedProblem {
  rule: ValidateRuleId;
  severity: Severity;
  message: string;
  pointer: string;
  expected?: string;
  actual?: string;
  hint?: string;
  /** Line and column of the start, and of the end (exclusive), relative to the chunk or text. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offsets relative to the chunk or text. */
  offset: number;
  endOffset: number;
  /** The line the problem is on (a window of it when long), for code frames. */
  excerpt: Excerpt;
}

export interface Excerpt {
  text: string;
  /** The 1-based column of `text`'s first character in its line. */
  firstColumn: number;
}

/** What checking a run of lines or a text found. */
export interface TextResult {
  /** Lines in the chunk (each ended by "\n"); 0 for a whole text, whose lines nothing counts on. */
  lines: number;
  /** The chunk's length in UTF-16 code units. */
  chars: number;
  /** Records: non-blank lines, or the values of a text. */
  records: number;
  /** Objects or messages in them. */
  items: number;
  blankLines: number;
  /** The first blank line, relative to the chunk (0 when there is none), and its offset. */
  firstBlankLine: number;
  firstBlankOffset: number;
  /** Problems by `rule severity` ("schema error"), all of them, shown or not. */
  counts: Record<string, number>;
  /** Located problems, at most `keep` of them, in text order. */
  problems: LocatedProblem[];
}

export interface RecordOptions {
  kind: RecordKind;
  /** How many located problems a result keeps (the rest are only counted); 0 keeps none. */
  keep: number;
}

const excerptWidth = 160;

function emptyResult(): TextResult {
  return {
    lines: 0,
    chars: 0,
    records: 0,
    items: 0,
    blankLines: 0,
    firstBlankLine: 0,
    firstBlankOffset: 0,
    counts: {},
    problems: [],
  };
}

function count(result: TextResult, rule: ValidateRuleId, severity: Severity): void {
  const key = `${rule} ${severity}`;
  result.counts[key] = (result.counts[key] ?? 0) + 1;
}

function severityOf(problem: Problem): Severity {
  return problem.severity ?? validateRuleById.get(problem.rule)!.defaultSeverity;
}

/**
 * The checks of one parsed record of the given kind, its problems pushed on `problems`. A JSON
 * file may hold an array of Objects API bodies or of Bulk objects; an NDJSON line holds one.
 */
export function checkRecord(
  kind: RecordKind,
  value: unknown,
  context: CheckContext,
  problems: Problem[],
  line = false,
): void {
  if (kind === "event") {
    checkEvents(value, context, problems);
    return;
  }
  const check = kind === "bulk" ? checkBulkObject : checkObjectsBody;
  if (line || !Array.isArray(value)) {
    check(value, context, problems);
    return;
  }
  // A JSON file of Bulk objects or of request bodies: each element at its index.
  for (let i = 0; i < value.length; i++) {
    const before = problems.length;
    check(value[i], context, problems);
    for (let p = before; p < problems.length; p++)
      problems[p] = { ...problems[p]!, pointer: `/${i}${problems[p]!.pointer}` };
  }
}

/** How many objects or messages a parsed record holds. */
function itemsOf(kind: RecordKind, value: unknown): number {
  if (kind !== "event" && Array.isArray(value)) {
    let items = 0;
    for (const element of value) items += countItems(kind, element);
    return items;
  }
  return countItems(kind, value);
}

/**
 * Checks a run of complete NDJSON lines (`bytes` ends with "\n", or is the file's last line).
 * Line numbers in the result count from 1 at the chunk's first line.
 */
export function checkLines(
  bytes: Uint8Array,
  options: RecordOptions,
  context: CheckContext,
): TextResult {
  const result = emptyResult();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Most exports are ASCII, and ASCII reads the same as Latin-1, which decodes three times faster.
  const ascii = isAscii(buffer);
  const text = ascii ? buffer.toString("latin1") : buffer.toString("utf8");
  const valid = ascii || isUtf8(buffer);
  result.chars = text.length;
  const problems: Problem[] = [];
  let byteStart = 0;
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let newline = text.indexOf("\n", pos);
    if (newline === -1) newline = text.length;
    let end = newline;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    line++;
    const lineText = text.slice(pos, end);
    // Bytes of this line, for the UTF-8 check and the Bulk size limit.
    // Bytes are tracked only in a chunk that is not valid UTF-8 (to point at the bad byte); a
    // valid line's size in bytes is worked out only when it could pass the Bulk limit.
    let byteEnd = 0;
    if (!valid) {
      byteEnd = buffer.indexOf(10, byteStart);
      if (byteEnd === -1) byteEnd = buffer.length;
    }
    if (isBlank(lineText)) {
      result.blankLines++;
      if (result.firstBlankLine === 0) {
        result.firstBlankLine = line;
        result.firstBlankOffset = pos;
      }
    } else {
      result.records++;
      if (!valid) {
        const bad = firstInvalidUtf8(buffer, byteStart, byteEnd);
        if (bad !== -1) {
          const column = buffer.toString("utf8", byteStart, bad).length;
          addProblem(
            result,
            options,
            {
              rule: "invalid-utf8",
              pointer: "",
              message: `byte ${bad - byteStart + 1} of the line (0x${buffer[bad]!.toString(16).toUpperCase().padStart(2, "0")}) is not UTF-8; segkit read it as U+FFFD`,
            },
            lineText,
            line,
            pos,
            { start: column, end: column + 1 },
          );
        }
      }
      const lineBytes = valid
        ? lineText.length * 3 <= maxBulkObjectBytes
          ? lineText.length
          : Buffer.byteLength(lineText)
        : byteEnd - byteStart;
      checkLine(lineText, line, pos, lineBytes, options, context, result, problems);
    }
    if (!valid) byteStart = byteEnd + 1;
    pos = newline + 1;
  }
  result.lines = line;
  return result;
}

/** Whether a line holds only JSON whitespace; most lines are answered by their first character. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 32) return false;
  return text.trim() === "";
}

function checkLine(
  lineText: string,
  line: number,
  lineOffset: number,
  lineBytes: number,
  options: RecordOptions,
  context: CheckContext,
  result: TextResult,
  problems: Problem[],
): void {
  if (options.kind === "bulk" && lineBytes > maxBulkObjectBytes) {
    addProblem(
      result,
      options,
      {
        rule: "object-too-large",
        pointer: "",
        message: `the object is ${lineBytes.toLocaleString("en-US")} bytes; the Bulk API takes objects of at most 400 KB (${maxBulkObjectBytes.toLocaleString("en-US")} bytes, 001)`,
        expected: `at most ${maxBulkObjectBytes.toLocaleString("en-US")} bytes`,
        actual: `${lineBytes.toLocaleString("en-US")} bytes`,
      },
      lineText,
      line,
      lineOffset,
      { start: 0, end: lineText.length },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch {
    syntaxProblem(lineText, line, lineOffset, options, result);
    return;
  }
  if (nestsDeeperThan(lineText)) {
    syntaxProblem(lineText, line, lineOffset, options, result);
    return;
  }
  context.recordLength = lineText.length;
  result.items +=
    options.kind === "event" ? itemsOf("event", value) : countItems(options.kind, value);
  // Setting an array's length is a call into the runtime, even when it is already 0.
  if (problems.length > 0) problems.length = 0;
  checkRecord(options.kind, value, context, problems, true);
  for (const problem of problems)
    addProblem(result, options, problem, lineText, line, lineOffset, undefined);
}

function syntaxProblem(
  text: string,
  line: number,
  lineOffset: number,
  options: RecordOptions,
  result: TextResult,
): void {
  const found = findSyntaxProblem(text) ?? {
    offset: 0,
    message:
      "JSON.parse refused the text, and segkit's own reader found no reason; please report it",
  };
  const deep = found.message.includes(`deeper than ${maxNestingDepth}`);
  addProblem(
    result,
    options,
    {
      rule: "invalid-json",
      pointer: "",
      message: found.message,
      ...(deep && { hint: "Flatten the value: segkit reads at most 1,000 levels of nesting." }),
    },
    text,
    line,
    lineOffset,
    { start: found.offset, end: Math.min(found.offset + 1, Math.max(text.length, found.offset)) },
  );
}

/**
 * Counts a problem and, while the result keeps problems, locates it in `text` (its line's text,
 * starting at `lineOffset` in the chunk): at `span` when given, else at its JSON pointer.
 */
function addProblem(
  result: TextResult,
  options: RecordOptions,
  problem: Problem,
  text: string,
  line: number,
  lineOffset: number,
  span: { start: number; end: number } | undefined,
): void {
  const severity = severityOf(problem);
  count(result, problem.rule, severity);
  if (result.problems.length >= options.keep) return;
  const { start, end } = span ?? locateValue(text, decodePointer(problem.pointer));
  result.problems.push({
    rule: problem.rule,
    severity,
    message: problem.message,
    pointer: problem.pointer,
    ...(problem.expected !== undefined && { expected: problem.expected }),
    ...(problem.actual !== undefined && { actual: problem.actual }),
    ...(problem.hint !== undefined && { hint: problem.hint }),
    line,
    column: start + 1,
    endLine: line,
    endColumn: Math.max(end, start) + 1,
    offset: lineOffset + start,
    endOffset: lineOffset + Math.max(end, start),
    excerpt: excerptOf(text, start),
  });
}

function excerptOf(lineText: string, column: number): Excerpt {
  if (lineText.length <= excerptWidth) return { text: lineText, firstColumn: 1 };
  const from = Math.max(0, Math.min(column - excerptWidth / 4, lineText.length - excerptWidth));
  return { text: lineText.slice(from, from + excerptWidth), firstColumn: from + 1 };
}

/** The offset of the first byte in [start, end) that does not begin or continue valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= end) return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line starts of a text, for turning offsets into lines and columns. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
      this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * Where a text starts in its file, when it is one element of a streamed array: its first line,
 * column and offset, and the pointer of the element. Positions and pointers are reported in the
 * file's terms.
 */
export interface TextBase {
  line: number;
  column: number;
  offset: number;
  pointer: string;
}

const fileStart: TextBase = { line: 1, column: 1, offset: 0, pointer: "" };

/**
 * Checks one whole JSON text (a .json file, or one element of a streamed one): its syntax, then
 * its value as records of `kind` (`undefined`: detected from the value). A text at `base` is one
 * record (an element of a streamed array); otherwise an array of bodies or objects is many.
 */
export function checkText(
  text: string,
  kind: RecordKind | undefined,
  options: Omit<RecordOptions, "kind">,
  context: CheckContext,
  detect: (value: unknown) => RecordKind | undefined,
  base: TextBase = fileStart,
): TextResult & { kind: RecordKind | undefined } {
  const element = base !== fileStart;
  const result = emptyResult();
  result.chars = text.length;
  context.recordLength = Infinity;
  // Line starts are found only when a problem is to be located (most texts have none).
  let lineIndex: LineIndex | undefined;
  const locate = (problem: Problem, span?: { start: number; end: number }) => {
    const severity = severityOf(problem);
    count(result, problem.rule, severity);
    if (result.problems.length >= options.keep) return;
    const index = (lineIndex ??= new LineIndex(text));
    const { start, end } = span ?? locateValue(text, decodePointer(problem.pointer));
    const from = index.position(start);
    const to = index.position(Math.max(end, start));
    const lineStart = index.lineStart(from.line);
    const nextLine = text.indexOf("\n", lineStart);
    const lineText = text
      .slice(lineStart, nextLine === -1 ? text.length : nextLine)
      .replace(/\r$/, "");
    // The text's first line starts at the base's column; later lines at column 1.
    const shift = (line: number) => (line === 1 ? base.column - 1 : 0);
    const excerpt = excerptOf(lineText, from.column - 1);
    result.problems.push({
      rule: problem.rule,
      severity,
      message: problem.message,
      pointer: base.pointer + problem.pointer,
      ...(problem.expected !== undefined && { expected: problem.expected }),
      ...(problem.actual !== undefined && { actual: problem.actual }),
      ...(problem.hint !== undefined && { hint: problem.hint }),
      line: from.line + base.line - 1,
      column: from.column + shift(from.line),
      endLine: to.line + base.line - 1,
      endColumn: to.column + shift(to.line),
      offset: base.offset + start,
      endOffset: base.offset + Math.max(end, start),
      excerpt: { ...excerpt, firstColumn: excerpt.firstColumn + shift(from.line) },
    });
  };
  let value: unknown;
  let parsed = true;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (!parsed || nestsDeeperThan(text)) {
    const found = findSyntaxProblem(text) ?? {
      offset: 0,
      message:
        "JSON.parse refused the text, and segkit's own reader found no reason; please report it",
    };
    locate(
      { rule: "invalid-json", pointer: "", message: found.message },
      { start: found.offset, end: Math.min(found.offset + 1, text.length) },
    );
    return { ...result, kind };
  }
  const recordKind = kind ?? detect(value);
  if (recordKind === undefined) {
    locate(
      {
        rule: "unknown-kind",
        pointer: "",
        message:
          "the file holds neither Objects API requests ({collection, objects}), Bulk API objects ({id, collection, properties}) nor Segment messages ({type, …})",
      },
      { start: 0, end: 1 },
    );
    return { ...result, kind: undefined };
  }
  result.records = Array.isArray(value) && recordKind !== "event" && !element ? value.length : 1;
  result.items = element ? countItems(recordKind, value) : itemsOf(recordKind, value);
  const problems: Problem[] = [];
  checkRecord(recordKind, value, context, problems, element);
  if (recordKind === "bulk") {
    // Each object of a JSON file of Bulk objects is a line once uploaded: 400 KB each.
    const objects = Array.isArray(value) && !element ? value : [value];
    objects.forEach((object, i) => {
      const bytes = Buffer.byteLength(JSON.stringify(object) ?? "");
      if (bytes > maxBulkObjectBytes)
        problems.push({
          rule: "object-too-large",
          pointer: Array.isArray(value) && !element ? `/${i}` : "",
          message: `the object is ${bytes.toLocaleString("en-US")} bytes as one NDJSON line; the Bulk API takes objects of at most 400 KB (001)`,
          expected: `at most ${maxBulkObjectBytes.toLocaleString("en-US")} bytes`,
          actual: `${bytes.toLocaleString("en-US")} bytes`,
        });
    });
  }
  for (const problem of problems) locate(problem);
  result.problems.sort((a, b) => a.offset - b.offset);
  return { ...result, kind: recordKind };
}
