import { readFileSync, statSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { availableParallelism } from "node:os";
import { gunzipSync } from "node:zlib";
import { maxBulkFileBytes, maxBulkObjectBytes } from "@segkit/runtime/contract";
import { compareDiagnostics, type Diagnostic, type Severity } from "../check/diagnostic.js";
import { detectKind, type CheckContext, type CheckOptions, type RecordKind } from "./checks.js";
import {
  checkLines,
  checkText,
  firstInvalidUtf8,
  type Excerpt,
  type LocatedProblem,
  type TextResult,
} from "./records.js";
import { validateRuleById, type ValidateRuleId } from "./rules.js";
import { ElementSplitter } from "./json-stream.js";
import { isGzipFile, readSource, UnreadableInput } from "./source.js";
import { loadValidatorSet } from "./validator-set.js";
import { WorkerPool } from "./worker-pool.js";

/** One file to validate: its path and the name reports give it. */
export interface InputFile {
  path: string;
  name: string;
}

export interface ValidateRun {
  files: readonly InputFile[];
  /** Forced record kind (--kind); detected per file otherwise. */
  kind: RecordKind | undefined;
  options: CheckOptions;
  /** How many diagnostics to keep for the report; the rest are counted. 0 keeps all. */
  maxShown: number;
  /** Worker threads for large NDJSON inputs: 0 never, "auto" by size and cores. */
  threads: number | "auto";
  /** The validators' manifest (from prepareValidators). */
  manifest: string;
  /** Told as a file is read, for a progress bar. */
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  file: string;
  /** Bytes of the file read so far, and its size. */
  done: number;
  total: number;
  finished: boolean;
}

export interface FileSummary {
  name: string;
  kind: RecordKind | undefined;
  records: number;
  items: number;
  /** Uncompressed bytes. */
  bytes: number;
  errors: number;
  warnings: number;
  seconds: number;
  /** Why the file could not be read to its end, when it could not. */
  unreadable?: string;
}

export interface ValidateResult {
  /** The diagnostics kept for the report, in display order. */
  diagnostics: Diagnostic[];
  /** Every problem found, by rule and severity. */
  counts: Map<string, { rule: string; severity: Severity; count: number }>;
  files: FileSummary[];
  /** How many problems were found but not kept (--max-errors). */
  hidden: number;
  /** Each kept diagnostic's line, for code frames. */
  excerpts: Map<Diagnostic, Excerpt>;
  threads: number;
}

/** Lines longer than this are counted and skipped, never held: 1 MB for Bulk files, else 16 MB. */
const maxHeldLineBytes = { bulk: 1 << 20, other: 16 << 20 };
/** NDJSON inputs at least this large are checked in worker threads (when threads are on). */
const workerThreshold = 8 << 20;
/** .json files are read whole, up to this size (a larger array or batch streams). */
const maxJsonFileBytes = 256 << 20;
/** .json files larger than this are streamed element by element when they hold an array or a batch. */
const streamJsonBytes = 64 << 20;
/** The largest array element a streamed .json file may hold. */
const maxStreamedElementBytes = 16 << 20;

/** Validates the files, one after another (the chunks of a large one in parallel). */
export async function validateFiles(run: ValidateRun): Promise<ValidateResult> {
  const validators = await loadValidatorSet(run.manifest);
  const context: CheckContext = { validators, options: run.options, recordLength: Infinity };
  const state = new RunState(run);
  const keep = run.maxShown === 0 ? Number.MAX_SAFE_INTEGER : run.maxShown;
  let pool: WorkerPool | undefined;
  try {
    for (const file of run.files) {
      const started = performance.now();
      const summary: FileSummary = {
        name: file.name,
        kind: run.kind,
        records: 0,
        items: 0,
        bytes: 0,
        errors: 0,
        warnings: 0,
        seconds: 0,
      };
      state.startFile(summary);
      try {
        const size = statSync(file.path).size;
        const gzip = isGzipFile(file.path);
        const job: FileJob = { file, size, gzip, run, context, state, summary, keep };
        if (isLineFile(file.path, run.kind)) {
          const threads = threadCount(run.threads);
          if (!pool && threads > 0 && (gzip ? size * 4 : size) >= workerThreshold) {
            pool = new WorkerPool(threads, { manifest: run.manifest, options: run.options });
            await pool.ready();
          }
          await validateLines(job, pool);
        } else {
          const large = (gzip ? size * 4 : size) > streamJsonBytes;
          // An array (or a batch) streams; one large value that is neither is read whole.
          if (!large || !(await validateJsonStream(job))) validateJson(job);
        }
      } catch (caught) {
        const error = asUnreadable(caught, file);
        summary.unreadable = error.message;
        state.report(summary, {
          rule: "unreadable",
          message: error.message,
          pointer: "",
          line: state.lastLine + 1,
          column: 1,
          offset: state.lastOffset,
        });
      }
      summary.seconds = (performance.now() - started) / 1000;
      run.onProgress?.({ file: file.name, done: 1, total: 1, finished: true });
    }
  } finally {
    await pool?.close();
  }
  return state.finish(pool?.size ?? 0);
}

/** A read error (the file went away, or may not be read) as unreadable input; anything else is a bug. */
function asUnreadable(error: unknown, file: InputFile): UnreadableInput {
  if (error instanceof UnreadableInput) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== "string" || !code.startsWith("E")) throw error;
  const reason =
    code === "ENOENT"
      ? "it no longer exists"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a folder"
          : (error as Error).message;
  return new UnreadableInput(`cannot read ${file.name}: ${reason}`);
}

function threadCount(threads: number | "auto"): number {
  if (threads !== "auto") return threads;
  // One thread reads and splits; on two cores, two workers still beat one (the reader mostly waits).
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** NDJSON by name (.ndjson, .jsonl, with or without .gz), or any file when --kind bulk says so. */
function isLineFile(file: string, kind: RecordKind | undefined): boolean {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return true;
  if (name.endsWith(".json")) return false;
  // No telling extension: Bulk files are NDJSON; everything else is one JSON text.
  return kind === "bulk";
}

/** One file being validated: what it is, how to check it, and where its results go. */
interface FileJob {
  file: InputFile;
  size: number;
  gzip: boolean;
  run: ValidateRun;
  context: CheckContext;
  state: RunState;
  summary: FileSummary;
  /** How many located problems a result keeps. */
  keep: number;
}

/** Collects diagnostics and counts across files. */
class RunState {
  readonly diagnostics: Diagnostic[] = [];
  readonly excerpts = new Map<Diagnostic, Excerpt>();
  readonly counts = new Map<string, { rule: string; severity: Severity; count: number }>();
  readonly files: FileSummary[] = [];
  hidden = 0;
  /** Where reading stopped in the current file, for an unreadable-input diagnostic. */
  lastLine = 0;
  lastOffset = 0;
  /** Blank lines of the current file, and the first one's number. */
  blankLines = 0;
  firstBlankLine = 0;
  firstBlankOffset = 0;

  constructor(private readonly run: ValidateRun) {}

  startFile(summary: FileSummary): void {
    this.files.push(summary);
    this.lastLine = 0;
    this.lastOffset = 0;
    this.blankLines = 0;
    this.firstBlankLine = 0;
  }

  private get room(): boolean {
    return this.run.maxShown === 0 || this.diagnostics.length < this.run.maxShown;
  }

  private countProblem(summary: FileSummary, rule: string, severity: Severity, n: number): void {
    const key = `${rule} ${severity}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += n;
    else this.counts.set(key, { rule, severity, count: n });
    if (severity === "error") summary.errors += n;
    else summary.warnings += n;
  }

  /** A problem found outside the records (BOM, blank lines, file size, unreadable input). */
  report(
    summary: FileSummary,
    problem: {
      rule: ValidateRuleId;
      message: string;
      pointer: string;
      line: number;
      column: number;
      offset: number;
      expected?: string;
      actual?: string;
      hint?: string;
    },
  ): void {
    const rule = validateRuleById.get(problem.rule)!;
    this.countProblem(summary, rule.id, rule.defaultSeverity, 1);
    if (!this.room) {
      this.hidden++;
      return;
    }
    const position = { line: problem.line, column: problem.column, offset: problem.offset };
    this.diagnostics.push({
      rule: rule.id,
      severity: rule.defaultSeverity,
      message: problem.message,
      file: summary.name,
      range: {
        start: position,
        end: { ...position, column: position.column + 1, offset: position.offset + 1 },
      },
      pointer: problem.pointer,
      ...(problem.expected !== undefined && { expected: problem.expected }),
      ...(problem.actual !== undefined && { actual: problem.actual }),
      hint: problem.hint ?? rule.hint,
    });
  }

  /** A chunk's or text's result, whose lines start after `lineBase` lines and `charBase` chars. */
  absorb(summary: FileSummary, result: TextResult, lineBase: number, charBase: number): void {
    summary.records += result.records;
    summary.items += result.items;
    if (result.blankLines > 0) {
      if (this.blankLines === 0) {
        this.firstBlankLine = lineBase + result.firstBlankLine;
        this.firstBlankOffset = charBase + result.firstBlankOffset;
      }
      this.blankLines += result.blankLines;
    }
    let counted = 0;
    for (const key in result.counts) {
      const n = result.counts[key]!;
      const space = key.indexOf(" ");
      this.countProblem(summary, key.slice(0, space), key.slice(space + 1) as Severity, n);
      counted += n;
    }
    let kept = 0;
    for (const problem of result.problems) {
      if (!this.room) break;
      kept++;
      this.keep(summary, problem, lineBase, charBase);
    }
    this.hidden += counted - kept;
    this.lastLine = lineBase + result.lines;
    this.lastOffset = charBase + result.chars;
  }

  private keep(summary: FileSummary, p: LocatedProblem, lineBase: number, charBase: number): void {
    const diagnostic: Diagnostic = {
      rule: p.rule,
      severity: p.severity,
      message: p.message,
      file: summary.name,
      range: {
        start: { line: lineBase + p.line, column: p.column, offset: charBase + p.offset },
        end: { line: lineBase + p.endLine, column: p.endColumn, offset: charBase + p.endOffset },
      },
      pointer: p.pointer,
      ...(p.expected !== undefined && { expected: p.expected }),
      ...(p.actual !== undefined && { actual: p.actual }),
      hint: p.hint ?? validateRuleById.get(p.rule)!.hint,
    };
    this.diagnostics.push(diagnostic);
    this.excerpts.set(diagnostic, p.excerpt);
  }

  finish(threads: number): ValidateResult {
    this.diagnostics.sort(compareDiagnostics);
    return {
      diagnostics: this.diagnostics,
      counts: this.counts,
      files: this.files,
      hidden: this.hidden,
      excerpts: this.excerpts,
      threads,
    };
  }
}

const bom = [0xef, 0xbb, 0xbf];

const bomProblem = {
  rule: "bom",
  message: "the file starts with a UTF-8 byte order mark (EF BB BF), which JSON parsers refuse",
  pointer: "",
  line: 1,
  column: 1,
  offset: 0,
} as const;

const binaryFile = {
  rule: "invalid-json",
  message:
    "the file is binary (it holds NUL bytes), not JSON text; if it is UTF-16, save it as UTF-8",
  hint: "Check that the right file was passed; segkit read no further.",
  pointer: "",
  line: 1,
  column: 1,
  offset: 0,
} as const;

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === bom[0] && bytes[1] === bom[1] && bytes[2] === bom[2];
}

/**
 * A file's first bytes: `undefined` when the file is binary (reported: nothing more is read);
 * otherwise the bytes without a BOM, which is reported unless `reportBom` is false.
 */
function openFile(
  bytes: Buffer,
  job: FileJob,
  reportBom: boolean,
): { bytes: Buffer; bom: boolean } | undefined {
  if (looksBinary(bytes)) {
    job.state.report(job.summary, binaryFile);
    return undefined;
  }
  if (!startsWithBom(bytes)) return { bytes, bom: false };
  if (reportBom) job.state.report(job.summary, bomProblem);
  return { bytes: bytes.subarray(3), bom: true };
}

/** NUL bytes in the first 8 KB: the file is binary, not JSON text (UTF-16 text included). */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

async function validateLines(job: FileJob, pool: WorkerPool | undefined): Promise<void> {
  const { file, size, gzip, run, context, state, summary, keep } = job;
  const source = readSource(file.path, gzip);
  let kind = run.kind;
  // Results in file order: each resolves to a chunk's result (or a long line's).
  const queue: Promise<TextResult>[] = [];
  const limit = pool ? pool.size * 3 : 1;
  let lineBase = 0;
  let charBase = 0;
  let first = true;
  let carry: Buffer | undefined;
  // A line too long to hold: its first bytes and its length so far.
  let long: { head: Buffer; bytes: number } | undefined;
  let lastProgress = 0;

  const drain = async (leave: number) => {
    while (queue.length > leave) {
      const result = await queue.shift()!;
      state.absorb(summary, result, lineBase, charBase);
      lineBase += result.lines;
      charBase += result.chars;
    }
  };
  const send = (bytes: Buffer) => {
    if (kind === undefined) kind = detectLineKind(bytes, file.path);
    const record = { kind, keep };
    queue.push(
      pool ? pool.check(bytes, record) : Promise.resolve(checkLines(bytes, record, context)),
    );
  };
  // Before the first line is whole, the kind is told by the start of it, or the name.
  const kindSoFar = (head: Uint8Array) => kind ?? sniffKind(head, file.path);
  const heldLimit = (head: Uint8Array) =>
    kindSoFar(head) === "bulk" ? maxHeldLineBytes.bulk : maxHeldLineBytes.other;

  try {
    await readLines();
  } catch (error) {
    // What was read before the error is reported before it.
    await drain(0);
    throw error;
  }
  async function readLines(): Promise<void> {
    for await (let chunk of source.chunks) {
      summary.bytes += chunk.length;
      if (first) {
        first = false;
        const opened = openFile(chunk, job, true);
        if (!opened) return;
        chunk = opened.bytes;
      }
      if (long) {
        const newline = chunk.indexOf(10);
        if (newline === -1) {
          long.bytes += chunk.length;
          continue;
        }
        long.bytes += newline;
        queue.push(Promise.resolve(longLineResult(long, kindSoFar(long.head))));
        long = undefined;
        chunk = chunk.subarray(newline + 1);
      }
      if (carry) {
        // The carried line ends in this chunk: only it is joined to its end, not the whole chunk.
        const newline = chunk.indexOf(10);
        if (newline !== -1) {
          send(Buffer.concat([carry, chunk.subarray(0, newline + 1)]));
          carry = undefined;
          chunk = chunk.subarray(newline + 1);
        }
      }
      const data = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = undefined;
      const last = data.lastIndexOf(10);
      if (last === -1) {
        if (data.length > heldLimit(data))
          long = { head: Buffer.from(data.subarray(0, 512)), bytes: data.length };
        // Empty when the chunk ended with the carried line: nothing is left to carry then.
        else if (data.length > 0) carry = Buffer.from(data);
      } else {
        // The rest of the chunk is copied out: the lines before it go to a worker.
        if (last + 1 < data.length) carry = Buffer.from(data.subarray(last + 1));
        send(data.subarray(0, last + 1));
        if (carry && carry.length > heldLimit(carry)) {
          long = { head: carry.subarray(0, 512), bytes: carry.length };
          carry = undefined;
        }
      }
      await drain(limit);
      if (run.onProgress && performance.now() - lastProgress > 100) {
        lastProgress = performance.now();
        run.onProgress({
          file: file.name,
          done: source.fileBytesRead,
          total: size,
          finished: false,
        });
      }
    }
    if (long) queue.push(Promise.resolve(longLineResult(long, kindSoFar(long.head))));
    else if (carry && carry.length > 0) send(carry);
  }
  await drain(0);
  if (summary.kind === undefined) summary.kind = kind;
  if (state.blankLines > 0)
    state.report(summary, {
      rule: "blank-line",
      message:
        state.blankLines === 1
          ? "this line is blank"
          : `${state.blankLines.toLocaleString("en-US")} lines are blank; this is the first`,
      pointer: "",
      line: state.firstBlankLine,
      column: 1,
      offset: state.firstBlankOffset,
    });
  if (kind === "bulk" && summary.bytes > maxBulkFileBytes)
    state.report(summary, {
      rule: "file-too-large",
      message: `the file is ${summary.bytes.toLocaleString("en-US")} bytes uncompressed; a Bulk API upload is at most 512 MB (${maxBulkFileBytes.toLocaleString("en-US")} bytes, 001)`,
      pointer: "",
      line: 1,
      column: 1,
      offset: 0,
      expected: `at most ${maxBulkFileBytes.toLocaleString("en-US")} bytes`,
      actual: `${summary.bytes.toLocaleString("en-US")} bytes`,
    });
}

/** The kind of a line from its first bytes, when it is too long to parse: by the fields it opens with. */
function sniffKind(head: Uint8Array, file: string): RecordKind {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 4096)).toString(
    "latin1",
  );
  if (/"(type|event|messageId|anonymousId|userId)"\s*:/.test(text)) return "event";
  if (/"objects"\s*:/.test(text)) return "objects";
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(file) ? "bulk" : "event";
}

/** The kind of an NDJSON file from its first line that parses; Bulk when none does. */
function detectLineKind(bytes: Buffer, file: string): RecordKind {
  const text = bytes.toString("utf8", 0, Math.min(bytes.length, 1 << 20));
  for (const line of text.split("\n", 20)) {
    if (line.trim() === "") continue;
    try {
      const kind = detectKind(JSON.parse(line));
      if (kind) return kind;
    } catch {
      // Not JSON: the next line may tell.
    }
  }
  // Lines that are not JSON are reported as such under the kind the name suggests.
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(file) ? "bulk" : "event";
}

function longLineResult(
  long: { head: Buffer; bytes: number },
  kind: RecordKind | undefined,
): TextResult {
  const head = long.head.toString("utf8").replace(/\uFFFD$/, "");
  const bytes = long.bytes.toLocaleString("en-US");
  const problem: LocatedProblem =
    kind === "bulk"
      ? {
          rule: "object-too-large",
          severity: "error",
          message: `the line is ${bytes} bytes; the Bulk API takes objects of at most 400 KB (${maxBulkObjectBytes.toLocaleString("en-US")} bytes, 001)`,
          pointer: "",
          expected: `at most ${maxBulkObjectBytes.toLocaleString("en-US")} bytes`,
          actual: `${bytes} bytes`,
          ...span(head),
        }
      : {
          rule: "invalid-json",
          severity: "error",
          message: `the line is ${bytes} bytes, longer than segkit reads (16 MB); it was skipped`,
          pointer: "",
          hint: "Split the value: one message or object per line.",
          ...span(head),
        };
  return {
    lines: 1,
    chars: long.bytes + 1,
    records: 1,
    items: 0,
    blankLines: 0,
    firstBlankLine: 0,
    firstBlankOffset: 0,
    counts: { [`${problem.rule} error`]: 1 },
    problems: [problem],
  };
}

function span(head: string) {
  return {
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: head.length + 1,
    offset: 0,
    endOffset: head.length,
    excerpt: { text: head.slice(0, 160), firstColumn: 1 },
  };
}

/**
 * A large .json file whose value is an array, or an object with a "batch" array, checked one
 * element at a time as it streams. Returns false, having reported nothing, when the value is
 * neither: the caller reads it whole.
 */
async function validateJsonStream(job: FileJob): Promise<boolean> {
  const { file, size, gzip, run, context, state, summary, keep } = job;
  let kind = run.kind;
  let undetected = false;
  const splitter = new ElementSplitter(
    maxStreamedElementBytes,
    (element) => {
      const base = {
        line: element.line,
        column: element.column,
        offset: element.offset,
        pointer: `${element.arrayPointer}/${element.index}`,
      };
      if (element.tooLong !== undefined) {
        state.report(summary, {
          rule: "invalid-json",
          message: `the item is ${element.tooLong.toLocaleString("en-US")} bytes, longer than segkit reads (16 MB); it was skipped`,
          hint: "Split the value: one message or object per item.",
          pointer: base.pointer,
          line: element.line,
          column: element.column,
          offset: element.offset,
        });
        summary.records++;
        return;
      }
      if (!isUtf8(element.bytes)) {
        const bad = firstInvalidUtf8(element.bytes, 0, element.bytes.length);
        const before = element.bytes.toString("utf8", 0, bad);
        const lines = before.split("\n");
        state.report(summary, {
          rule: "invalid-utf8",
          message: `byte 0x${element.bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")} is not UTF-8; segkit read it as U+FFFD`,
          pointer: base.pointer,
          line: element.line + lines.length - 1,
          column: lines.length === 1 ? element.column + before.length : lines.at(-1)!.length + 1,
          offset: element.offset + before.length,
        });
      }
      const text = element.bytes.toString("utf8");
      if (kind === undefined && !undetected) {
        try {
          kind = detectKind(JSON.parse(text));
        } catch {
          // Not JSON: reported below, under the kind the next element tells.
        }
        undetected = kind === undefined;
      }
      const result = checkText(text, kind ?? "event", { keep }, context, detectKind, base);
      state.absorb(summary, result, 0, 0);
      // Where reading got to, should the rest of the file be unreadable.
      state.lastLine = element.line - 1;
      state.lastOffset = element.offset;
    },
    (problem) => state.report(summary, { rule: "invalid-json", pointer: "", ...problem }),
  );
  const source = readSource(file.path, gzip);
  let first = true;
  let bom = false;
  let lastProgress = 0;
  for await (let chunk of source.chunks) {
    summary.bytes += chunk.length;
    if (first) {
      first = false;
      // A BOM is reported once the file is known to stream (else the whole read reports it).
      const opened = openFile(chunk, job, false);
      if (!opened) return true;
      bom = opened.bom;
      chunk = opened.bytes;
      splitter.push(chunk);
      if (splitter.notAnArray) {
        summary.bytes = 0;
        return false;
      }
    } else {
      splitter.push(chunk);
    }
    if (splitter.stopped) break;
    if (run.onProgress && performance.now() - lastProgress > 100) {
      lastProgress = performance.now();
      run.onProgress({ file: file.name, done: source.fileBytesRead, total: size, finished: false });
    }
  }
  splitter.end();
  // An object without a "batch" array: nothing was checked, and nothing reported; read it whole.
  if (!splitter.sawArray) {
    summary.bytes = 0;
    return false;
  }
  if (bom) state.report(summary, bomProblem);
  summary.kind = kind;
  return true;
}

function validateJson(job: FileJob): void {
  const { file, size, gzip, run, context, state, summary, keep } = job;
  if (!gzip && size > maxJsonFileBytes)
    throw new UnreadableInput(
      `the file is ${size.toLocaleString("en-US")} bytes; segkit reads a .json file whole, up to 256 MB — write large exports as NDJSON (.ndjson, one value per line), which it streams`,
    );
  let bytes: Buffer = readFileSync(file.path);
  if (gzip) bytes = gunzipWhole(bytes);
  summary.bytes = bytes.length;
  const opened = openFile(bytes, job, true);
  if (!opened) return;
  bytes = opened.bytes;
  const text = bytes.toString("utf8");
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes, 0, bytes.length);
    const before = bytes.toString("utf8", 0, bad);
    const line = before.split("\n").length;
    state.report(summary, {
      rule: "invalid-utf8",
      message: `byte ${bad + 1} of the file (0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")}) is not UTF-8; segkit read it as U+FFFD`,
      pointer: "",
      line,
      column: before.length - before.lastIndexOf("\n"),
      offset: before.length,
    });
  }
  const result = checkText(text, run.kind, { keep }, context, detectKind);
  summary.kind = result.kind;
  state.absorb(summary, result, 0, 0);
  run.onProgress?.({ file: file.name, done: size, total: size, finished: false });
}

function gunzipWhole(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxJsonFileBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableInput(
      code === "Z_BUF_ERROR"
        ? "the gzip stream ends early: the file is truncated"
        : code === "ERR_BUFFER_TOO_LARGE"
          ? "the file is more than 256 MB uncompressed; segkit reads a .json file whole — write large exports as NDJSON, which it streams"
          : `the gzip data is corrupt (${(error as Error).message})`,
    );
  }
}
