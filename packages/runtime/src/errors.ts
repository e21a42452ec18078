/**
 * The errors @segkit/runtime throws. Each class has a stable `code` (like undici's `UND_ERR_*`), so
 * callers branch on `error.code` rather than on message text, which may change.
 *
 * | class                    | code                 | when                                               |
 * | ------------------------ | -------------------- | -------------------------------------------------- |
 * | `SegmentHttpError`       | `SEGKIT_HTTP_STATUS` | Segment answered a status that is not 2xx           |
 * | `SegmentTimeoutError`    | `SEGKIT_TIMEOUT`     | an attempt took longer than its timeout             |
 * | `SegmentNetworkError`    | `SEGKIT_NETWORK`     | the connection failed or was reset                  |
 * | `SegmentAbortError`      | `SEGKIT_ABORTED`     | the caller's `AbortSignal` fired                    |
 * | `SegmentValidationError` | `SEGKIT_VALIDATION`  | input was refused before anything was sent          |
 * | `SegmentDeliveryError`   | `SEGKIT_DELIVERY`    | `close()` with `throwOnFailure`: some objects failed |
 *
 * No error ever holds the write key: requests are described by method and URL only, and the
 * `Authorization` header is never copied into an error.
 */

export type SegmentErrorCode =
  | "SEGKIT_HTTP_STATUS"
  | "SEGKIT_TIMEOUT"
  | "SEGKIT_NETWORK"
  | "SEGKIT_ABORTED"
  | "SEGKIT_VALIDATION"
  | "SEGKIT_DELIVERY";

/** What a failed request was, for error messages: never its headers. */
export interface RequestDescription {
  method: string;
  /** The full URL, without credentials (segkit never puts the key in a URL). */
  url: string;
}

export interface SegmentErrorOptions {
  /** How many attempts were made, retries included (0 when nothing was sent). */
  attempts?: number;
  /** Why the retry loop stopped, when it did (`"status 400 is not retried"`, `"budget"`...). */
  gaveUp?: string;
  /** The objects the failed request carried, so that nothing is lost silently. */
  objects?: readonly unknown[];
  request?: RequestDescription;
  cause?: unknown;
}

export abstract class SegmentError extends Error {
  abstract readonly code: SegmentErrorCode;
  readonly attempts: number;
  readonly gaveUp: string | undefined;
  readonly objects: readonly unknown[];
  readonly request: RequestDescription | undefined;

  constructor(message: string, options: SegmentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.attempts = options.attempts ?? 0;
    this.gaveUp = options.gaveUp;
    this.objects = options.objects ?? [];
    this.request = options.request;
  }
}

/** `POST https://objects.segment.com/v1/set`, and `after 3 attempts (…)` when there were retries. */
function where(options: SegmentErrorOptions): string {
  const request = options.request ? ` (${options.request.method} ${options.request.url})` : "";
  const attempts = options.attempts ?? 0;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const gaveUp = options.gaveUp ? `; gave up: ${options.gaveUp}` : "";
  return `${request}${tries}${gaveUp}`;
}

/** Advice per status, from 000 and 002: what the caller can do about it. */
function adviceFor(status: number): string {
  if (status === 400) return "the payload is malformed; check it against the collection's schema";
  if (status === 401) return "the write key was refused; check that it is the key of this source";
  if (status === 403) return "the key is not allowed to do this; check the source's permissions";
  if (status === 404) return "the endpoint or session does not exist; check `endpoint` and region";
  if (status === 413) return "the request is too large; send fewer or smaller objects";
  if (status === 422) return "the payload was understood but refused; check the server's message";
  if (status === 429) return "rate limited; send less often or raise the retry budget";
  if (status >= 500) return "Segment failed; the request can be sent again later";
  return "see the server's message";
}

export class SegmentHttpError extends SegmentError {
  readonly code = "SEGKIT_HTTP_STATUS" as const;
  /** The HTTP status of the last attempt. */
  readonly status: number;
  /** The server's `message` field (000, 002, 003 answer errors as `{"message": "..."}`), if any. */
  readonly serverMessage: string | undefined;

  constructor(status: number, serverMessage: string | undefined, options: SegmentErrorOptions) {
    const said = serverMessage ? `: "${serverMessage}"` : "";
    super(
      `Segment answered ${status}${said}${where(options)}. What to do: ${adviceFor(status)}.`,
      options,
    );
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

export class SegmentTimeoutError extends SegmentError {
  readonly code = "SEGKIT_TIMEOUT" as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options: SegmentErrorOptions) {
    super(
      `No complete answer within ${timeoutMs} ms${where(options)}. What to do: raise \`timeoutMs\` or check that the endpoint is reachable.`,
      options,
    );
    this.timeoutMs = timeoutMs;
  }
}

export class SegmentNetworkError extends SegmentError {
  readonly code = "SEGKIT_NETWORK" as const;

  constructor(options: SegmentErrorOptions) {
    const cause = options.cause as { code?: unknown; message?: unknown } | undefined;
    const detail =
      typeof cause?.code === "string"
        ? cause.code
        : typeof cause?.message === "string"
          ? cause.message
          : "unknown";
    super(
      `The connection failed (${detail})${where(options)}. What to do: check the network and the \`endpoint\`; the request can be sent again.`,
      options,
    );
  }
}

export class SegmentAbortError extends SegmentError {
  readonly code = "SEGKIT_ABORTED" as const;

  constructor(options: SegmentErrorOptions) {
    super(
      `The request was aborted by its AbortSignal${where(options)}; it may or may not have reached Segment.`,
      options,
    );
  }
}

/** One thing wrong with an input, located by a JSON pointer. */
export interface ValidationIssue {
  pointer: string;
  message: string;
}

export class SegmentValidationError extends SegmentError {
  readonly code = "SEGKIT_VALIDATION" as const;
  /** A JSON pointer to the (first) offending value (`/3/properties/name`), or `""` for the whole. */
  readonly pointer: string;
  /** Every problem found; the first is `pointer`'s. */
  readonly problems: readonly ValidationIssue[];

  constructor(
    message: string,
    problems: readonly ValidationIssue[],
    options: SegmentErrorOptions = {},
  ) {
    super(message, options);
    this.problems = problems;
    this.pointer = problems[0]?.pointer ?? "";
  }

  /**
   * An error for the problems of one input: the message names the first and counts the rest.
   * `what` says which input, as in `Object 3 (id "r1") of set()`.
   */
  static of(
    what: string,
    problems: readonly ValidationIssue[],
    options: SegmentErrorOptions = {},
  ): SegmentValidationError {
    const first = problems[0] ?? { pointer: "", message: "is invalid" };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more, in \`problems\`)` : "";
    const at = first.pointer === "" ? "" : ` at ${first.pointer}`;
    return new SegmentValidationError(
      `${what} is invalid${at}: ${first.message}${more}`,
      problems,
      options,
    );
  }
}

/** What a sender or writer did, as `close()` reports it; see `SegmentDeliveryError`. */
export interface DeliveryCounts {
  /** Objects that Segment accepted. */
  sent: number;
  /** Objects that failed for good (each also reached `onError`, or the summary's `failures`). */
  failed: number;
}

export class SegmentDeliveryError extends SegmentError {
  readonly code = "SEGKIT_DELIVERY" as const;
  /** The summary `close()` would have resolved with. */
  readonly summary: DeliveryCounts;

  constructor(summary: DeliveryCounts, firstError: SegmentError | undefined) {
    super(
      `${summary.failed} of ${summary.sent + summary.failed} objects could not be delivered${firstError ? `; the first failure: ${firstError.message}` : ""}`,
      { cause: firstError },
    );
    this.summary = summary;
  }
}
