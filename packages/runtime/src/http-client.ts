import type { Readable } from "node:stream";
import { inspect } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { Pool, util, type Dispatcher } from "undici";
import { type Credentials } from "./credentials.js";
import {
  SegmentAbortError,
  SegmentHttpError,
  SegmentNetworkError,
  SegmentTimeoutError,
  type SegmentError,
  type SegmentErrorOptions,
} from "./errors.js";
import { dispatchAttempt } from "./http-attempt.js";
import { RetryPolicy, type AttemptOutcome, type RetryPolicyOptions } from "./retry-policy.js";

export interface HttpClientOptions {
  /**
   * Where requests go: a region's URL from `regions.ts`, or any override such as the emulator's
   * `http://127.0.0.1:4010`. A path in it (`https://proxy.example/segment`) prefixes every request.
   */
  endpoint: string;
  /** Sent as `Authorization` on every request (`WriteKey` → Basic, `BearerToken` → Bearer). */
  credentials?: Credentials;
  /**
   * How long an attempt may wait for the answer's headers, and then for each chunk of its body,
   * before it is a timeout (undici's headers and body timeouts). Default 10 000 ms.
   */
  timeoutMs?: number;
  /** The retry policy, or options for one (see `retry-policy.ts` for the defaults). */
  retry?: RetryPolicy | RetryPolicyOptions;
  /** Keep-alive connections to the endpoint, at most. Default 20 (001's per-key request ceiling). */
  connections?: number;
  /** How long an idle keep-alive socket stays open. Default 4 000 ms (undici's default). */
  keepAliveTimeoutMs?: number;
  /** Sent as `User-Agent`. Default `segkit-runtime`. */
  userAgent?: string;
  /** Sent with every request; a request's own `headers` override them. */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path below the endpoint, starting with `/`: `/v1/set`. */
  path: string;
  /** A value to send as JSON (with `Content-Type: application/json`). */
  json?: unknown;
  /**
   * Raw bytes to send instead of `json` (set `content-type` in `headers`), or a function that opens
   * a fresh stream of them for each attempt (a spooled file), so that a retry can send it again.
   */
  body?: Buffer | Uint8Array | string | (() => Readable);
  /** This request's per-attempt timeout, instead of the client's (a large upload takes longer). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Cancels the request and any retry wait; the call rejects with `SegmentAbortError`. */
  signal?: AbortSignal;
  /** The objects this request carries, copied into any error so that none is lost silently. */
  objects?: readonly unknown[];
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface HttpResponse<T = unknown> {
  readonly status: number;
  /** The answer's headers, names lowercased. */
  readonly headers: ResponseHeaders;
  /** The parsed JSON body; the text when it is not JSON; `undefined` when empty. */
  readonly body: T;
  /** Attempts made, the successful one included. */
  readonly attempts: number;
}

/**
 * An answer. Its headers and body are parsed when first read: the Objects sender reads neither of a
 * 2xx answer, and parsing them cost it a few per cent of its time.
 */
class Answer<T> implements HttpResponse<T> {
  readonly status: number;
  readonly attempts: number;
  readonly #rawHeaders: Buffer[];
  readonly #bytes: Buffer | undefined;
  #headers: ResponseHeaders | undefined;
  #body: { value: T } | undefined;

  constructor(status: number, rawHeaders: Buffer[], bytes: Buffer | undefined, attempts: number) {
    this.status = status;
    this.attempts = attempts;
    this.#rawHeaders = rawHeaders;
    this.#bytes = bytes;
  }

  get headers(): ResponseHeaders {
    return (this.#headers ??= util.parseHeaders(this.#rawHeaders));
  }

  get body(): T {
    if (this.#body === undefined) {
      const text = this.#bytes?.toString("utf8") ?? "";
      this.#body = { value: parseBody(text, first(this.headers["content-type"])) as T };
    }
    return this.#body.value;
  }

  [inspect.custom](): string {
    return `HttpResponse ${inspect({ status: this.status, body: this.body, attempts: this.attempts })}`;
  }

  toJSON(): { status: number; headers: ResponseHeaders; body: T; attempts: number } {
    return { status: this.status, headers: this.headers, body: this.body, attempts: this.attempts };
  }
}

/** The client's defaults, exported so that docs and tests quote the same numbers. */
export const httpDefaults = {
  timeoutMs: 10_000,
  connections: 20,
  keepAliveTimeoutMs: 4_000,
  userAgent: "segkit-runtime",
} as const;

/**
 * An HTTP client for one Segment endpoint: a keep-alive undici `Pool`, a timeout per attempt, the
 * shared retry policy, and errors with stable codes. It never shows its credentials: `inspect` and
 * JSON print the endpoint only.
 */
export class HttpClient {
  readonly endpoint: string;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly #pool: Pool;
  readonly #prefix: string;
  /** The `Authorization` value, worked out once: private, like the credentials it comes from. */
  readonly #authorization: string | undefined;
  /** `User-Agent` and the client's `headers`, lowercased. */
  readonly #common: Record<string, string>;
  /** The headers of a request with none of its own and no `json`, built once: most requests. */
  readonly #fixed: Record<string, string>;

  constructor(options: HttpClientOptions) {
    const url = new URL(options.endpoint);
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.#prefix = url.pathname.replace(/\/+$/, "");
    this.#authorization = options.credentials?.authorization();
    this.#common = withHeaders(
      { "user-agent": options.userAgent ?? httpDefaults.userAgent },
      options.headers,
    );
    this.#fixed = this.#withAuthorization({ ...this.#common });
    this.timeoutMs = options.timeoutMs ?? httpDefaults.timeoutMs;
    this.policy =
      options.retry instanceof RetryPolicy ? options.retry : new RetryPolicy(options.retry);
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? httpDefaults.connections,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? httpDefaults.keepAliveTimeoutMs,
      // Each request sets its own (the client's `timeoutMs`, or the request's).
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /**
   * Sends `request`, retrying per the policy. Resolves with the first 2xx answer; rejects with a
   * `SegmentError` otherwise (`SegmentHttpError` for a final non-2xx status).
   */
  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const started = performance.now();
    const body = request.json === undefined ? request.body : JSON.stringify(request.json);
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    // undici's own timers bound each attempt: the answer's headers, then each gap in its body,
    // must come within the timeout. (An AbortSignal per attempt cost a tenth of the sender's CPU.)
    const options: Dispatcher.DispatchOptions = {
      method: request.method,
      path: `${this.#prefix}${request.path}`,
      headers: this.#headers(request),
      body: null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    };
    for (let attempts = 1; ; attempts++) {
      // A body that is a function opens a fresh stream for each attempt (a spooled file).
      options.body = typeof body === "function" ? body() : (body ?? null);
      const result = await dispatchAttempt(this.#pool, options, request.signal);
      let answer: Answer<T> | undefined;
      let outcome: AttemptOutcome;
      if (result.kind === "answer") {
        answer = new Answer<T>(result.status, result.rawHeaders, result.body, attempts);
        if (answer.status >= 200 && answer.status < 300) return answer;
        const retryAfter = first(answer.headers["retry-after"]);
        outcome = { kind: "status", status: answer.status, retryAfter };
      } else outcome = result.outcome;
      const decision = this.policy.decide(attempts, outcome, performance.now() - started);
      const context: SegmentErrorOptions = {
        attempts,
        objects: request.objects,
        request: { method: request.method, url: `${this.endpoint}${request.path}` },
        cause: result.kind === "failure" ? result.cause : undefined,
      };
      if (!decision.retry)
        throw this.#error(answer, outcome, { ...context, gaveUp: decision.reason }, timeoutMs);
      try {
        await sleep(decision.delayMs, undefined, { signal: request.signal });
      } catch {
        throw new SegmentAbortError(context);
      }
    }
  }

  /** Closes the keep-alive sockets once in-flight requests end. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  [inspect.custom](): string {
    return `HttpClient { endpoint: ${JSON.stringify(this.endpoint)} }`;
  }

  toJSON(): { endpoint: string } {
    return { endpoint: this.endpoint };
  }

  #headers(request: HttpRequest): Record<string, string> {
    if (request.headers === undefined && request.json === undefined) return this.#fixed;
    const headers = { ...this.#common };
    if (request.json !== undefined) headers["content-type"] = "application/json";
    return this.#withAuthorization(withHeaders(headers, request.headers));
  }

  /** 000: Basic base64(writeKey + ":"); set last so that no caller header replaces it by accident. */
  #withAuthorization(headers: Record<string, string>): Record<string, string> {
    if (this.#authorization) headers["authorization"] = this.#authorization;
    return headers;
  }

  #error(
    answer: Answer<unknown> | undefined,
    outcome: AttemptOutcome,
    context: SegmentErrorOptions,
    timeoutMs: number,
  ): SegmentError {
    if (answer) {
      const body = answer.body as { message?: unknown } | undefined;
      const message = typeof body?.message === "string" ? body.message : undefined;
      return new SegmentHttpError(answer.status, message, context);
    }
    if (outcome.kind === "aborted") return new SegmentAbortError(context);
    if (outcome.kind === "timeout") return new SegmentTimeoutError(timeoutMs, context);
    return new SegmentNetworkError(context);
  }
}

/** Adds `extra` to `headers` under lowercased names. */
function withHeaders(
  headers: Record<string, string>,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  if (extra) for (const name in extra) headers[name.toLowerCase()] = extra[name]!;
  return headers;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function parseBody(text: string, contentType = ""): unknown {
  if (text === "") return undefined;
  if (!contentType.includes("json") && !/^\s*[{[]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
