import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { finished } from "node:stream";
import { maxBulkObjectBytes } from "@segkit/runtime";
import { writeKeyOf } from "./auth.js";
import { applyParts, type SpooledPart } from "./bulk-apply.js";
import { InFlightLimiter } from "./bulk-in-flight.js";
import {
  BulkSessions,
  formatDuration,
  type BulkSession,
  type SessionSnapshot,
} from "./bulk-sessions.js";
import { Spool } from "./bulk-spool.js";
import { receivePart } from "./bulk-upload.js";
import { HttpError, parseJsonBody, readBody, sendJson } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import type { RouteContext } from "./route-context.js";
import type { Warehouse } from "./warehouse.js";

export type BulkRoute = "start" | "upload" | "finish" | "keep-alive";

/** Objects per `warehouse.apply` call when a finished session is applied. */
const applyBatchSize = 1000;

/** The largest `POST /v0/finish/<id>` body: `{"error": "…"}`. */
const maxFinishBodyBytes = 64 * 1024;

/**
 * The Objects Bulk API (001): sessions of gzip'd NDJSON uploads, spooled to disk and applied to
 * the warehouse in upload order once the session finishes.
 *
 * Choices where 001 is silent:
 * - Content-Type is not checked on upload or finish: 001 lists no 415 for either. The body of an
 *   upload is known by `Content-Encoding: gzip`, which is required (400 without it).
 * - Blank lines of an upload are skipped; they still count in the line numbers of messages.
 * - `{"error": "…"}` not blank on finish means the uploader failed: the session's parts are
 *   discarded, not applied. An empty finish body counts as `{"error": ""}`.
 * - Uploads in flight when finish arrives are waited for and applied, in the order they started.
 * - Sessions are applied one after another, in the order they finished; a batch the warehouse
 *   refuses is logged and kept on the session, and the next batches are still applied.
 * - The 20 requests in flight are counted per write key; 001's "from the same IP" is not, as
 *   every client of the emulator is on 127.0.0.1.
 */
export class BulkApi {
  readonly #sessions: BulkSessions;
  readonly #spool: Spool;
  readonly #inFlight: InFlightLimiter;
  /** The last session being applied; each waits for the one before. Never rejects. */
  #applying: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    readonly warehouse: Warehouse,
    readonly options: ResolvedOptions,
  ) {
    this.#spool = new Spool(options.spoolDir);
    this.#inFlight = new InFlightLimiter(options.maxConcurrentBulkRequests);
    this.#sessions = new BulkSessions(options.sessionTimeoutMs, (session) => {
      const parts = session.parts().length;
      this.options.log?.(
        `bulk session ${session.id} expired without a call for ${formatDuration(options.sessionTimeoutMs)}; ${parts} part${parts === 1 ? "" : "s"} discarded`,
      );
      this.#spool.removeSession(session.id).catch((error: Error) => {
        this.options.log?.(
          `could not remove the parts of bulk session ${session.id}: ${error.message}`,
        );
      });
    });
  }

  async handle(
    route: BulkRoute,
    id: string | undefined,
    request: IncomingMessage,
    response: ServerResponse,
    context: RouteContext,
  ): Promise<void> {
    if (this.#closed) {
      throw new HttpError(503, "the emulator is stopping", { "retry-after": "1" });
    }
    const writeKey = writeKeyOf(request, context.acceptedWriteKeys);
    const release = this.#inFlight.tryAcquire(writeKey);
    if (!release) {
      const max = this.#inFlight.max;
      throw new HttpError(
        429,
        `more than ${max} Bulk API requests in flight for this write key (001: 20 simultaneous requests per write key); retry after Retry-After seconds, or send fewer requests at once`,
        { "retry-after": "1" },
      );
    }
    finished(response, release);

    if (route === "start") {
      if (id !== undefined) {
        throw new HttpError(404, "POST /v0/start takes no session id; send POST /v0/start");
      }
      request.resume();
      const session = this.#sessions.start(writeKey);
      return sendJson(response, 201, { sync_id: session.id });
    }
    if (id === undefined) {
      throw new HttpError(
        404,
        `POST /v0/${route}/<id> needs a session id: the sync_id answered by POST /v0/start`,
      );
    }
    const session = this.#sessions.open(id, writeKey);
    session.beginRequest();
    try {
      if (route === "upload") return await this.#upload(session, request, response, context);
      if (route === "finish") return await this.#finish(session, writeKey, request, response);
      request.resume();
      sendJson(response, 200, {});
    } finally {
      session.endRequest();
    }
  }

  /** A session as it stands, for tests; undefined once forgotten or never started. */
  session(id: string): SessionSnapshot | undefined {
    return this.#sessions.snapshot(id);
  }

  /**
   * Resolves once every session finished so far is applied (or discarded); sessions finished
   * meanwhile are not waited for, so that a steady stream of sessions cannot hold it forever.
   */
  async drain(): Promise<void> {
    // Each session's apply waits for the one before: the last one covers them all.
    await this.#applying;
  }

  /**
   * Stops every session's timer, waits for finishing sessions to be applied (their 202 promised
   * it), and removes the spooled parts. Sessions that were not finished are lost, as unfinished.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#sessions.stopTimers();
    await this.drain();
    await this.#spool.remove();
  }

  /** `POST /v0/upload/<id>`: one part, gzip'd NDJSON → 201 `{"part_id"}`. */
  async #upload(
    session: BulkSession,
    request: IncomingMessage,
    response: ServerResponse,
    context: RouteContext,
  ): Promise<void> {
    requireGzip(request);
    const settle = session.reservePart();
    let part: SpooledPart | undefined;
    try {
      const receivedAt = new Date();
      const partId = randomUUID();
      const file = join(await this.#spool.sessionFolder(session.id), `${partId}.ndjson`);
      const { objects } = await receivePart(request, file, {
        maxFileBytes: this.options.maxBulkFileBytes,
        maxObjectBytes: maxBulkObjectBytes,
      });
      part = { id: partId, file, receivedAt, objects };
      context.entry.objects = objects;
    } finally {
      settle(part);
    }
    sendJson(response, 201, { part_id: part.id });
  }

  /** `POST /v0/finish/<id>` with `{"error": ""}` → 202; the parts are applied after the answer. */
  async #finish(
    session: BulkSession,
    writeKey: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const finishError = parseFinishBody(await readFinishBody(request));
    // Another finish may have come in while the body was read.
    if (session.state !== "open") this.#sessions.open(session.id, writeKey);
    session.state = "finishing";
    session.stopTimer();
    this.#applying = this.#applying.then(() => this.#apply(session, finishError));
    sendJson(response, 202, {});
  }

  /** Applies a finished session's parts in order, or discards them; never rejects. */
  async #apply(session: BulkSession, finishError: string): Promise<void> {
    const log = this.options.log;
    try {
      await session.uploadsSettled();
      const parts = session.parts();
      if (finishError) {
        this.#sessions.ended(session, {
          state: "discarded",
          applied: 0,
          failures: [],
          finishError,
        });
        log?.(
          `bulk session ${session.id} finished with the error "${finishError}": ${parts.length} parts discarded`,
        );
      } else {
        const { applied, failures } = await applyParts(
          this.warehouse,
          parts,
          applyBatchSize,
          (failure) =>
            log?.(
              `bulk session ${session.id}: could not apply ${failure.objects} objects of ${failure.collection} (part ${failure.partId}, lines ${failure.firstLine}-${failure.lastLine}): ${failure.message}`,
            ),
        );
        this.#sessions.ended(session, { state: "finished", applied, failures });
        log?.(
          `bulk session ${session.id}: ${applied} object${applied === 1 ? "" : "s"} applied from ${parts.length} part${parts.length === 1 ? "" : "s"}`,
        );
      }
    } catch (error) {
      this.#sessions.ended(session, {
        state: "finished",
        applied: 0,
        failures: [],
        applyError: (error as Error).message,
      });
      log?.(`bulk session ${session.id} could not be applied: ${(error as Error).stack}`);
    }
    await this.#spool.removeSession(session.id).catch((error: Error) => {
      log?.(`could not remove the parts of bulk session ${session.id}: ${error.message}`);
    });
  }
}

/** 001 shows `Content-Encoding: gzip` on upload; without it the body cannot be read. */
function requireGzip(request: IncomingMessage): void {
  const header = request.headers["content-encoding"];
  const encoding = header?.trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return;
  throw new HttpError(
    400,
    header === undefined
      ? "Content-Encoding is missing; the Bulk API takes a gzip'd file of newline-delimited JSON objects: compress it with gzip and send Content-Encoding: gzip"
      : `Content-Encoding is "${header}"; the Bulk API takes a gzip'd file of newline-delimited JSON objects: compress it with gzip and send Content-Encoding: gzip`,
  );
}

function readFinishBody(request: IncomingMessage): Promise<Buffer> {
  return readBody(
    request,
    maxFinishBodyBytes,
    'send {"error": ""} when the upload went well, or a short message saying what failed',
  );
}

/** 001: finish "accepts an error message which indicates if the session was successful". */
function parseFinishBody(body: Buffer): string {
  if (body.toString("utf8").trim() === "") return "";
  const value = parseJsonBody(body);
  const usage =
    'send {"error": ""} when every upload went well, or {"error": "what failed"} to discard the session';
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, `the finish body must be a JSON object; ${usage}`);
  }
  const { error } = value as { error?: unknown };
  if (error === undefined || error === null) return "";
  if (typeof error !== "string") throw new HttpError(400, `"error" must be a string; ${usage}`);
  return error.trim();
}
