import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { BulkPart } from "./bulk-part.js";
import {
  bulkSessionTimeoutMs,
  maxBulkFileBytes,
  maxBulkObjectBytes,
  maxConcurrentBulkRequests,
} from "./contract.js";
import { WriteKey } from "./credentials.js";
import {
  SegmentDeliveryError,
  SegmentError,
  SegmentHttpError,
  SegmentNetworkError,
} from "./errors.js";
import { HttpClient } from "./http-client.js";
import {
  checkCollectionOption,
  closedError,
  collectionOf,
  contractProblems,
  hookProblems,
  integerOption,
  invalidObject,
  shapeProblems,
  type ObjectInput,
  type ObjectValidators,
  type PropertiesValidator,
  type ValidationProblem,
  type PropertyValue,
} from "./object-checks.js";
import { objectJson, objectJsonHead, type ObjectJsonHead } from "./object-json.js";
import { bulkEndpoint } from "./regions.js";
import type { RetryPolicy, RetryPolicyOptions } from "./retry-policy.js";

export interface BulkWriterOptions<P> {
  /** The write key of an HTTP API source (001), sent as Basic auth, never shown. */
  writeKey: string | WriteKey;
  /** The collection of objects that name none: generated writers bind theirs here. */
  collection?: string;
  /** Overrides 001's `https://objects-bulk-api.segmentapis.com`: the emulator, a proxy. */
  endpoint?: string;
  /** Runs on each object's properties at `write()`; problems reject the call. */
  validate?: PropertiesValidator<P>;
  /** Runs on each object's id (a collection's `objectId` schema); problems reject the call. */
  validateId?: (id: string) => readonly ValidationProblem[];
  /**
   * A part is cut before its uncompressed size would pass this many bytes. Default and ceiling:
   * 512 MiB (001: "maximum uncompressed size of a file 512MB").
   */
  maxPartBytes?: number;
  /** Uploads at once. Default and ceiling 20 (001: "20 simultaneous requests per Write Key"). */
  concurrency?: number;
  /** gzip level, 0–9. Default 6, zlib's own default. */
  gzipLevel?: number;
  /**
   * A `keep-alive` is sent when the session has had no call for this long. Default 120 000 ms,
   * well within 001's 10-minute session timeout.
   */
  keepAliveIntervalMs?: number;
  /** Where parts are spooled until their session finished. Default: the OS temporary folder. */
  spoolDir?: string;
  /** One attempt's timeout for start, finish and keep-alive. Default 10 000 ms. */
  timeoutMs?: number;
  /** One upload attempt's timeout: a part can be hundreds of MB. Default 600 000 ms. */
  uploadTimeoutMs?: number;
  /** The retry policy, or options for one (defaults in `retry-policy.ts`). */
  retry?: RetryPolicy | RetryPolicyOptions;
  /**
   * Receives each part that failed for good (its spooled file is kept and named). Without it,
   * failures are kept in `close()`'s summary and a process warning is emitted for each.
   */
  onError?: (failure: BulkFailure) => void;
  /** `close()` rejects with a `SegmentDeliveryError` when any object failed. Default false. */
  throwOnFailure?: boolean;
  /** Sent as `User-Agent`. */
  userAgent?: string;
}

/** A part that did not reach a finished session, and where its data is kept. */
export interface BulkFailure {
  /** The part's number, from 1, in the order written. */
  part: number;
  objects: number;
  /** The spooled gzip'd NDJSON of the part, kept so that nothing is lost; remove it when done. */
  file: string;
  error: SegmentError;
}

/** What a writer did, from its creation to `close()`. */
export interface BulkSummary {
  /** Objects written into parts. */
  objects: number;
  /** Objects in sessions that finished well. */
  sent: number;
  /** Objects in parts that failed, or in a session finished with an error. */
  failed: number;
  /** Objects refused at `write()`, never written. */
  rejected: number;
  parts: number;
  /** Uncompressed NDJSON bytes, over all parts. */
  rawBytes: number;
  /** Compressed bytes, over all parts (each upload counted once). */
  gzipBytes: number;
  /** Sessions started: more than one when a session expired and was restarted. */
  sessions: number;
  /** Attempts beyond the first, over all requests. */
  retries: number;
  /** What `finish` was told: `""` when all went well. */
  finishError: string;
  failures: BulkFailure[];
}

export const bulkWriterDefaults = {
  maxPartBytes: maxBulkFileBytes,
  concurrency: maxConcurrentBulkRequests,
  gzipLevel: 6,
  keepAliveIntervalMs: 120_000,
  uploadTimeoutMs: 600_000,
} as const;

/** What `write()` returns when the objects were written at once. */
const settled = Promise.resolve();

/** Sessions restarted in a row (expired again and again) before the writer gives up. */
const maxRestarts = 5;

/**
 * Writes objects to the Objects Bulk API (001): one session, NDJSON lines streamed through gzip into
 * parts spooled on disk, parts uploaded with bounded concurrency, `finish` on `close()`.
 *
 * Nothing is lost silently. Parts stay on disk until their session finished, so a part is sent again
 * after a retry and after its session expired (the writer starts a new one and uploads every part
 * again: the expired session's parts were discarded with it). A part that fails for good is named,
 * with its file, in `onError` or the summary, and the session is finished with the failure's text.
 *
 * Order: parts are uploaded in the order written, but with `concurrency` above 1 a retried part
 * can land after a later one. When one id is written in several parts and the latest must win, use
 * `concurrency: 1`.
 */
export class BulkWriter<P = Record<string, PropertyValue>> {
  readonly collection: string | undefined;
  readonly #http: HttpClient;
  readonly #validators: ObjectValidators<P>;
  readonly #maxPartBytes: number;
  readonly #concurrency: number;
  readonly #gzipLevel: number;
  readonly #keepAliveIntervalMs: number;
  readonly #uploadTimeoutMs: number;
  readonly #spoolRoot: string;
  readonly #onError: ((failure: BulkFailure) => void) | undefined;
  readonly #throwOnFailure: boolean;

  #folder: Promise<string> | undefined;
  /** The part being written; undefined before the first object and after a cut. */
  #part: BulkPart | undefined;
  /** The last part's sealing and queueing: the next part is queued after it. */
  #sealing: Promise<void> = settled;
  /** The last `write()` that had to wait (a new part, a cut, backpressure); later ones follow it. */
  #writing: Promise<void> | undefined;
  #partCount = 0;
  /** Every sealed part not yet in a finished session, by index. */
  readonly #parts: BulkPart[] = [];
  /** Sealed parts waiting for an upload slot, lowest index first. */
  readonly #pending: BulkPart[] = [];
  #uploading = 0;
  /** Sealing and uploading work, awaited by `close()`. */
  readonly #work = new Set<Promise<void>>();
  /** `write()` calls waiting for an upload slot, so that parts do not pile up on disk. */
  readonly #slotWaiters: (() => void)[] = [];
  #session: Promise<string> | undefined;
  #sessionId: string | undefined;
  #restarts = 0;
  #lastCall = 0;
  #keepAlive: NodeJS.Timeout | undefined;
  readonly #failedParts = new Set<BulkPart>();
  /** The first part's failure: the reason every other part of the session is discarded. */
  #firstFailure: SegmentError | undefined;
  #closing: Promise<BulkSummary> | undefined;
  /** The start of the lines of the last collection written: most writers have one collection. */
  #head: { collection: string; head: ObjectJsonHead } | undefined;
  readonly #summary: BulkSummary = {
    objects: 0,
    sent: 0,
    failed: 0,
    rejected: 0,
    parts: 0,
    rawBytes: 0,
    gzipBytes: 0,
    sessions: 0,
    retries: 0,
    finishError: "",
    failures: [],
  };

  constructor(options: BulkWriterOptions<P>) {
    this.collection = options.collection;
    this.#validators = { validate: options.validate, validateId: options.validateId };
    this.#maxPartBytes = integerOption(
      "maxPartBytes",
      options.maxPartBytes ?? bulkWriterDefaults.maxPartBytes,
      1,
      maxBulkFileBytes,
    );
    this.#concurrency = integerOption(
      "concurrency",
      options.concurrency ?? bulkWriterDefaults.concurrency,
      1,
      maxConcurrentBulkRequests,
    );
    this.#gzipLevel = integerOption(
      "gzipLevel",
      options.gzipLevel ?? bulkWriterDefaults.gzipLevel,
      0,
      9,
    );
    this.#keepAliveIntervalMs = integerOption(
      "keepAliveIntervalMs",
      options.keepAliveIntervalMs ?? bulkWriterDefaults.keepAliveIntervalMs,
      1,
      bulkSessionTimeoutMs - 1,
    );
    this.#uploadTimeoutMs = options.uploadTimeoutMs ?? bulkWriterDefaults.uploadTimeoutMs;
    this.#spoolRoot = options.spoolDir ?? tmpdir();
    this.#onError = options.onError;
    this.#throwOnFailure = options.throwOnFailure ?? false;
    checkCollectionOption(options.collection);
    const writeKey =
      options.writeKey instanceof WriteKey ? options.writeKey : new WriteKey(options.writeKey);
    this.#http = new HttpClient({
      endpoint: options.endpoint ?? bulkEndpoint,
      credentials: writeKey,
      connections: this.#concurrency + 1,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.retry !== undefined && { retry: options.retry }),
      ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    });
  }

  /**
   * Validates one object or many and writes them as NDJSON lines into the current part. Resolves
   * at once in the common case; waits when gzip or the upload slots ask it to (backpressure). An
   * invalid object — 000's rules, the validator, or over 400 KB serialised (001) — rejects the
   * whole call with a `SegmentValidationError`; nothing of the call is written and the writer goes
   * on. Dates are written as ISO-8601 strings.
   */
  write(objects: ObjectInput<P> | readonly ObjectInput<P>[]): Promise<void> {
    // Not an async function: the common call (the line fits the current part) costs no promise
    // machinery of its own, which counts when objects are written one by one.
    if (this.#closing) return Promise.reject(closedError("write()", "writer"));
    let lines: string[];
    try {
      if (!Array.isArray(objects)) {
        const line = this.#line(objects as ObjectInput<P>, 0, false, 1);
        const part = this.#part;
        if (part && !this.#writing && this.#fits(part, line)) {
          this.#summary.objects++;
          return part.add(line) ?? settled;
        }
        lines = [line];
      } else {
        const list = objects as readonly ObjectInput<P>[];
        lines = [];
        for (let index = 0; index < list.length; index++)
          lines.push(this.#line(list[index]!, index, true, list.length));
      }
    } catch (error) {
      return Promise.reject(error);
    }
    // Anything else waits for the writes before it, so that lines keep the order of the calls.
    const append = () => this.#append(lines);
    const write = (this.#writing ?? settled).then(append, append);
    this.#writing = write;
    void write.then(
      () => this.#wrote(write),
      () => this.#wrote(write),
    );
    return write;
  }

  /**
   * Seals the last part, waits for every upload, finishes the session with `{"error": ""}` (or the
   * failure's text), removes the spooled parts that landed, and resolves with the summary — or
   * rejects with a `SegmentDeliveryError` when `throwOnFailure` is set and any object failed.
   */
  close(): Promise<BulkSummary> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  [inspect.custom](): string {
    return `BulkWriter { endpoint: ${JSON.stringify(this.#http.endpoint)}, collection: ${JSON.stringify(this.collection)}, parts: ${this.#partCount} }`;
  }

  /**
   * Checks object `index` of a call (000's rules, the validator, 001's 400 KB) and serialises it
   * as an NDJSON line (without its newline); an invalid object rejects the whole call, so all
   * `count` count as rejected.
   */
  #line(object: ObjectInput<P>, index: number, many: boolean, count: number): string {
    const collection = collectionOf(object, this.collection);
    let line: string | undefined;
    let problems = shapeProblems(object, collection);
    if (problems === undefined) {
      line = objectJson(object.id, this.#headOf(collection), object.properties as object);
      problems =
        line === undefined
          ? contractProblems(object, collection)
          : hookProblems(object, this.#validators);
    }
    // Three bytes per UTF-16 unit at most: exact bytes only for a line that might be too large.
    if (problems === undefined && line !== undefined && line.length * 3 > maxBulkObjectBytes) {
      const bytes = Buffer.byteLength(line);
      if (bytes > maxBulkObjectBytes)
        problems = [
          {
            pointer: "",
            message: `is ${bytes} bytes serialised; an object is at most 400 KB (${maxBulkObjectBytes} bytes, 001)`,
          },
        ];
    }
    if (problems !== undefined || line === undefined) {
      this.#summary.rejected += count;
      throw invalidObject("write()", object, index, many, problems ?? []);
    }
    return line;
  }

  #headOf(collection: string): ObjectJsonHead {
    if (this.#head?.collection !== collection)
      this.#head = { collection, head: objectJsonHead(collection) };
    return this.#head.head;
  }

  /** Whether `line` and its newline fit `part` without passing `maxPartBytes`. */
  #fits(part: BulkPart, line: string): boolean {
    const room = this.#maxPartBytes - part.rawBytes;
    // Three bytes per UTF-16 unit at most: exact bytes only near the limit.
    return line.length * 3 + 1 <= room || Buffer.byteLength(line) + 1 <= room;
  }

  /** Writes lines into parts, cutting a part before it would pass `maxPartBytes`. */
  async #append(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      if (this.#part && !this.#fits(this.#part, line)) await this.#cut();
      const part = (this.#part ??= await this.#newPart());
      await part.add(line);
    }
    this.#summary.objects += lines.length;
  }

  #wrote(write: Promise<void>): void {
    if (this.#writing === write) this.#writing = undefined;
  }

  async #newPart(): Promise<BulkPart> {
    if (!this.#folder) process.once("beforeExit", this.#warnUnclosed);
    this.#folder ??= mkdtemp(join(this.#spoolRoot, "segkit-bulk-"));
    // The part will be uploaded: start its session while it is written, not after it is sealed.
    // A failure to start is met by the part's upload, which awaits the same promise.
    if (!this.#session) this.#currentSession().catch(() => undefined);
    return new BulkPart(++this.#partCount, await this.#folder, this.#gzipLevel);
  }

  /** Seals the current part and queues it for upload; waits first when every slot is taken. */
  async #cut(): Promise<void> {
    const part = this.#part;
    if (!part) return;
    this.#part = undefined;
    // Bound the parts on disk: wait while a full round of uploads is already waiting.
    while (this.#pending.length >= this.#concurrency)
      await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    const sealed = part.seal();
    sealed.catch(() => undefined);
    // Queued in the order written, whichever part finished sealing first: with `concurrency: 1`
    // parts land in order.
    const queued = this.#sealing.then(() => sealed);
    this.#sealing = queued.catch(() => undefined);
    this.#track(
      queued.then(
        () => {
          this.#summary.parts++;
          this.#summary.rawBytes += part.rawBytes;
          this.#summary.gzipBytes += part.gzipBytes;
          this.#parts.push(part);
          this.#queue(part);
        },
        (error: unknown) =>
          this.#fail(
            part,
            new SegmentNetworkError({ cause: error }),
            "could not spool the part to disk",
          ),
      ),
    );
  }

  #track(work: Promise<void>): void {
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  #queue(part: BulkPart): void {
    let at = this.#pending.length;
    while (at > 0 && this.#pending[at - 1]!.index > part.index) at--;
    this.#pending.splice(at, 0, part);
    this.#pump();
  }

  #pump(): void {
    while (this.#uploading < this.#concurrency && this.#pending.length > 0) {
      const part = this.#pending.shift()!;
      this.#uploading++;
      this.#track(
        this.#upload(part).finally(() => {
          this.#uploading--;
          this.#slotWaiters.shift()?.();
          this.#pump();
        }),
      );
    }
  }

  async #upload(part: BulkPart): Promise<void> {
    let session: string;
    try {
      session = await this.#currentSession();
    } catch (error) {
      return this.#fail(part, asSegmentError(error), "the session could not be started");
    }
    try {
      await this.#call(`/v0/upload/${session}`, {
        body: () => part.open(),
        headers: {
          "content-type": "binary/octet-stream",
          "content-encoding": "gzip",
          "content-length": String(part.gzipBytes),
        },
        timeoutMs: this.#uploadTimeoutMs,
      });
      part.uploadedTo = session;
      // The session expired and was restarted while this upload ran: send it to the new one too.
      if (this.#sessionId !== session) this.#queue(part);
      else this.#restarts = 0;
    } catch (error) {
      if (isExpired(error)) {
        this.#restart(session);
        this.#queue(part);
        return;
      }
      this.#fail(part, asSegmentError(error), "the upload failed");
    }
  }

  /** The current session's id, started on first use. */
  #currentSession(): Promise<string> {
    this.#session ??= this.#start();
    return this.#session;
  }

  async #start(): Promise<string> {
    const response = await this.#call<{ sync_id?: unknown }>("/v0/start", {});
    const id = response.body?.sync_id;
    if (typeof id !== "string" || id === "")
      throw new SegmentHttpError(response.status, "start answered no sync_id", {
        request: { method: "POST", url: `${this.#http.endpoint}/v0/start` },
      });
    this.#summary.sessions++;
    this.#sessionId = id;
    this.#armKeepAlive();
    return id;
  }

  /**
   * The session `expired` is gone (001: "Sessions are short lived"): start a new one and queue
   * every part again, as the old one's parts were discarded with it. Once per expired session.
   */
  #restart(expired: string): void {
    if (this.#sessionId !== expired) return;
    this.#sessionId = undefined;
    if (++this.#restarts > maxRestarts) {
      this.#session = Promise.reject(
        new SegmentHttpError(404, `the session expired ${maxRestarts} times in a row`, {}),
      );
      this.#session.catch(() => undefined);
    } else this.#session = undefined;
    for (const part of this.#parts)
      if (part.uploadedTo === expired && !this.#pending.includes(part)) this.#queue(part);
  }

  async #call<T = unknown>(
    path: string,
    request: Omit<Parameters<HttpClient["request"]>[0], "method" | "path">,
  ) {
    this.#lastCall = performance.now();
    const response = await this.#http.request<T>({ method: "POST", path, ...request });
    this.#summary.retries += response.attempts - 1;
    return response;
  }

  /** Sends `keep-alive` whenever the session has had no call for `keepAliveIntervalMs`. */
  #armKeepAlive(): void {
    if (this.#keepAlive) return;
    const tick = Math.max(1, Math.floor(this.#keepAliveIntervalMs / 4));
    this.#keepAlive = setInterval(() => {
      const session = this.#sessionId;
      if (!session || performance.now() - this.#lastCall < this.#keepAliveIntervalMs) return;
      this.#track(
        this.#call(`/v0/keep-alive/${session}`, {}).then(
          () => undefined,
          (error: unknown) => {
            if (isExpired(error)) this.#restart(session);
            // Any other failure: the next upload or finish finds out, and restarts if need be.
          },
        ),
      );
    }, tick);
    // A writer that is never closed must not keep the process alive forever.
    this.#keepAlive.unref();
  }

  #fail(part: BulkPart, error: SegmentError, what: string): void {
    this.#failedParts.add(part);
    this.#firstFailure ??= error;
    const failure: BulkFailure = {
      part: part.index,
      objects: part.objects,
      file: part.file,
      error,
    };
    this.#summary.finishError ||= `part ${part.index}: ${what}: ${error.message}`;
    if (this.#onError) {
      try {
        this.#onError(failure);
        return;
      } catch (thrown) {
        process.emitWarning(`segkit: onError threw: ${String(thrown)}`, "SegkitWarning");
      }
    }
    this.#summary.failures.push(failure);
    process.emitWarning(
      `segkit: bulk part ${part.index} (${part.objects} objects) failed; its data is kept at ${part.file}: ${error.message}`,
      "SegkitWarning",
    );
  }

  /** The process ran out of work with objects written but never finished: say so. */
  readonly #warnUnclosed = () => {
    if (this.#closing) return;
    process.emitWarning(
      `segkit: a BulkWriter was never closed; ${this.#summary.objects} objects written into parts under ${this.#spoolRoot} were not sent. Call close().`,
      "SegkitWarning",
    );
  };

  async #close(): Promise<BulkSummary> {
    process.off("beforeExit", this.#warnUnclosed);
    try {
      // Writes accepted before close() still go in (a failed one has rejected its own call).
      await this.#writing?.catch(() => undefined);
      await this.#cut();
      for (;;) {
        while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
        if (this.#parts.length === 0) break;
        let session: string;
        try {
          session = await this.#currentSession();
        } catch (error) {
          for (const part of this.#parts)
            if (!this.#failedParts.has(part))
              this.#fail(part, asSegmentError(error), "the session could not be started");
          break;
        }
        // Parts not in this session yet (it was restarted meanwhile) go again first.
        for (const part of this.#parts)
          if (
            part.uploadedTo !== session &&
            !this.#failedParts.has(part) &&
            !this.#pending.includes(part)
          )
            this.#queue(part);
        if (this.#work.size > 0 || this.#pending.length > 0) continue;
        try {
          // 001: finish "accepts an error message which indicates if the session was successful".
          await this.#call(`/v0/finish/${session}`, {
            json: { error: this.#summary.finishError.slice(0, 2000) },
          });
        } catch (error) {
          if (isExpired(error)) {
            this.#restart(session);
            continue;
          }
          this.#summary.finishError ||= `finish failed: ${asSegmentError(error).message}`;
          for (const part of this.#parts)
            if (!this.#failedParts.has(part))
              this.#fail(part, asSegmentError(error), "the session could not be finished");
          break;
        }
        break;
      }
    } finally {
      clearInterval(this.#keepAlive);
      await this.#http.close();
    }
    await this.#account();
    const summary = { ...this.#summary, failures: [...this.#summary.failures] };
    if (this.#throwOnFailure && summary.failed > 0)
      throw new SegmentDeliveryError(summary, summary.failures[0]?.error);
    return summary;
  }

  /**
   * Counts sent and failed objects. When the session finished with an error, Segment discarded every
   * part, so each is reported and kept; otherwise the parts that landed are removed from disk.
   */
  async #account(): Promise<void> {
    const discarded = this.#summary.finishError !== "";
    for (const part of this.#parts) {
      if (this.#failedParts.has(part)) {
        this.#summary.failed += part.objects;
      } else if (discarded) {
        // It landed, but a session finished with an error is discarded whole (001).
        this.#fail(part, this.#firstFailure!, "discarded with its session");
        this.#summary.failed += part.objects;
      } else {
        this.#summary.sent += part.objects;
        await part.remove();
      }
    }
    if (!discarded && this.#folder) await rm(await this.#folder, { recursive: true, force: true });
  }
}

/** 404 from a session call: the session expired, or the service no longer knows it. */
function isExpired(error: unknown): boolean {
  return error instanceof SegmentHttpError && error.status === 404;
}

function asSegmentError(error: unknown): SegmentError {
  return error instanceof SegmentError ? error : new SegmentNetworkError({ cause: error });
}
