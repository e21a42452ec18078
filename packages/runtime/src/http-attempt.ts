import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { AttemptOutcome } from "./retry-policy.js";

/** One attempt's result before the retry policy has judged it. */
export type Attempt =
  | {
      kind: "answer";
      status: number;
      /** undici's raw headers, name and value in turn: parsed only when someone reads them. */
      rawHeaders: Buffer[];
      /** The body's bytes, decoded only when someone reads it. */
      body: Buffer | undefined;
    }
  | { kind: "failure"; outcome: AttemptOutcome; cause?: unknown };

/**
 * Sends one attempt through undici's `dispatch` and gathers the answer's text. The sender sends
 * thousands of small requests a second; `Pool#request` would give each answer a Node stream and an
 * async resource of its own, which cost more than the request itself. Timeouts are undici's headers
 * and body timeouts, set in `options`.
 */
export function dispatchAttempt(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  if (signal?.aborted) return Promise.resolve({ kind: "failure", outcome: { kind: "aborted" } });
  return new Promise<Attempt>((resolve) => {
    dispatcher.dispatch(options, new AnswerHandler(resolve, signal, options.body));
  });
}

const noHeaders: Buffer[] = [];

/**
 * undici's handler of one attempt: the status and raw headers, the body's chunks, or the error.
 *
 * It implements the handler interface undici's own `request()` implements and its core calls
 * (`onConnect`, `onHeaders`, `onData`, `onComplete`, `onError`). A handler of the newer interface
 * (`onRequestStart`, `onResponseStart`, …) is wrapped by undici in an adapter and a controller per
 * request, and is given the headers parsed into an object; the sender needs neither for a 2xx answer.
 * undici's types mark these methods deprecated, but undici 7, the line that runs on Node 20, calls
 * them from its core and implements them in its own `request()`.
 */
class AnswerHandler {
  #status = 0;
  #rawHeaders = noHeaders;
  #chunks: Buffer[] | undefined;
  #abort: ((reason?: Error) => void) | undefined;
  readonly #resolve: (attempt: Attempt) => void;
  readonly #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;

  /** A streamed body, closed when the attempt fails (its file would stay open otherwise). */
  readonly #stream: Readable | undefined;

  constructor(
    resolve: (attempt: Attempt) => void,
    signal: AbortSignal | undefined,
    body: Dispatcher.DispatchOptions["body"],
  ) {
    this.#resolve = resolve;
    this.#signal = signal;
    this.#stream = isReadable(body) ? body : undefined;
    if (signal) {
      this.#onAbort = () => this.#abort?.(signal.reason as Error);
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    // Aborted while it waited for a connection: stop before anything is sent.
    if (this.#signal?.aborted) abort(this.#signal.reason as Error);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx answers are informational: the final one follows.
    if (statusCode >= 200) {
      this.#status = statusCode;
      this.#rawHeaders = rawHeaders;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    (this.#chunks ??= []).push(chunk);
    return true;
  }

  onComplete(): void {
    this.#forget();
    const chunks = this.#chunks;
    const body = chunks === undefined || chunks.length === 1 ? chunks?.[0] : Buffer.concat(chunks);
    this.#resolve({ kind: "answer", status: this.#status, rawHeaders: this.#rawHeaders, body });
  }

  onError(cause: Error): void {
    this.#forget();
    // As undici's own request() does: a failed attempt closes its streamed body (a spooled file).
    if (this.#stream && !this.#stream.destroyed) this.#stream.destroy();
    if (this.#signal?.aborted)
      return this.#resolve({ kind: "failure", outcome: { kind: "aborted" }, cause });
    const code = (cause as { code?: unknown }).code;
    const kind =
      code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" ? "timeout" : "network";
    this.#resolve({ kind: "failure", outcome: { kind }, cause });
  }

  #forget(): void {
    if (this.#onAbort) this.#signal!.removeEventListener("abort", this.#onAbort);
  }
}

const isReadable = (body: unknown): body is Readable =>
  typeof (body as Readable | null)?.pipe === "function" &&
  typeof (body as Readable).destroy === "function";
