import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { AttemptOutcome } from "./retry-policy.js";

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** One attempt's result before the retry policy has judged it. */
export type Attempt =
  | { kind: "answer"; status: number; headers: ResponseHeaders; text: string }
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

/** undici's handler of one attempt: the status and headers, the body's chunks, or the error. */
class AnswerHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: ResponseHeaders = {};
  #chunks: Buffer[] = [];
  #controller: Dispatcher.DispatchController | undefined;
  readonly #resolve: (attempt: Attempt) => void;
  readonly #signal: AbortSignal | undefined;

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
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Aborted while it waited for a connection: stop before anything is sent.
    if (this.#signal?.aborted) controller.abort(this.#signal.reason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: ResponseHeaders,
  ): void {
    // 1xx answers are informational: the final one follows.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const chunks = this.#chunks;
    const text =
      chunks.length === 0
        ? ""
        : (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
    this.#resolve({ kind: "answer", status: this.#status, headers: this.#headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, cause: Error): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    // As undici's own request() does: a failed attempt closes its streamed body (a spooled file).
    if (this.#stream && !this.#stream.destroyed) this.#stream.destroy();
    if (this.#signal?.aborted)
      return this.#resolve({ kind: "failure", outcome: { kind: "aborted" }, cause });
    const code = (cause as { code?: unknown }).code;
    const kind =
      code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" ? "timeout" : "network";
    this.#resolve({ kind: "failure", outcome: { kind }, cause });
  }

  readonly #onAbort = () => this.#controller?.abort(this.#signal!.reason);
}

const isReadable = (body: unknown): body is Readable =>
  typeof (body as Readable | null)?.pipe === "function" &&
  typeof (body as Readable).destroy === "function";
