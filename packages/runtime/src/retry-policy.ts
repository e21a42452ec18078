/**
 * The one retry policy every segkit request goes through: the Objects sender, the Bulk writer and
 * the Public API client. Pure: it sees what happened and decides; the HTTP client sleeps and sends.
 *
 * Retried: network errors (refused, reset), timeouts, 408, 429 and every 5xx except 501.
 * Never retried: 501 (003: "unsupported call type") and every other 4xx — 400, 401, 403, 404, 413,
 * 422 would fail the same way again (002, 003: Segment itself does not retry 400/401/403/422).
 * An aborted request is never retried.
 *
 * Delay before retry `n` (the first retry is `n = 1`): the server's `Retry-After` when it sent one
 * (delta-seconds or an HTTP date), otherwise "full jitter" exponential backoff —
 * `random() * min(maxDelayMs, baseDelayMs * 2 ** (n - 1))`.
 */

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfter?: string | null | undefined }
  | { kind: "network" }
  | { kind: "timeout" }
  | { kind: "aborted" };

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number };

export interface RetryPolicyOptions {
  /** Attempts in all, the first one included. Default 10; 1 turns retries off. */
  maxAttempts?: number;
  /** Backoff base: the cap of the first retry's random delay. Default 250 ms. */
  baseDelayMs?: number;
  /** The cap of any backoff delay. Default 30 000 ms. A longer `Retry-After` is still honoured. */
  maxDelayMs?: number;
  /**
   * Total time budget from the first attempt: no retry starts if it would begin after it.
   * Default 120 000 ms (2 min).
   */
  budgetMs?: number;
  /** The source of jitter, in [0, 1). Default `Math.random`; inject one for deterministic tests. */
  random?: () => number;
  /** The clock that HTTP-date `Retry-After` values are compared with. Default `Date.now`. */
  now?: () => number;
}

/** The defaults, documented above and exported so that READMEs and tests quote the same numbers. */
export const retryDefaults = {
  maxAttempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  budgetMs: 120_000,
} as const;

/** Whether a status is worth sending again (see the module comment). */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501;
}

/**
 * `Retry-After` in ms (RFC 9110 §10.2.3: delta-seconds or an HTTP date), or `undefined` when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; this keeps "1.5" or "-1" from parsing as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

export class RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly budgetMs: number;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? retryDefaults.maxAttempts;
    this.baseDelayMs = options.baseDelayMs ?? retryDefaults.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? retryDefaults.maxDelayMs;
    this.budgetMs = options.budgetMs ?? retryDefaults.budgetMs;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1)
      throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${this.maxAttempts}`);
    for (const [name, value] of [
      ["baseDelayMs", this.baseDelayMs],
      ["maxDelayMs", this.maxDelayMs],
      ["budgetMs", this.budgetMs],
    ] as const)
      if (!(value >= 0)) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  }

  /**
   * Whether to send again after attempt number `attempt` (1-based) ended with `outcome`, `elapsedMs`
   * after the first attempt started, and how long to wait first.
   */
  decide(attempt: number, outcome: AttemptOutcome, elapsedMs: number): RetryDecision {
    if (outcome.kind === "aborted") return { retry: false, reason: "the caller aborted" };
    if (outcome.kind === "status") {
      if (outcome.status >= 200 && outcome.status < 300)
        return { retry: false, reason: `status ${outcome.status} is a success` };
      if (!isRetryableStatus(outcome.status))
        return { retry: false, reason: `status ${outcome.status} is not retried` };
    }
    if (attempt >= this.maxAttempts)
      return { retry: false, reason: `all ${this.maxAttempts} attempts were used` };

    const retryAfterMs =
      outcome.kind === "status" ? parseRetryAfter(outcome.retryAfter, this.#now) : undefined;
    const delayMs = retryAfterMs ?? this.#backoff(attempt);
    if (elapsedMs + delayMs > this.budgetMs) {
      const wait = retryAfterMs === undefined ? "the next backoff" : "Retry-After";
      return {
        retry: false,
        reason: `${wait} (${Math.round(delayMs)} ms) would pass the ${this.budgetMs} ms retry budget`,
      };
    }
    return { retry: true, delayMs };
  }

  /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015). */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#random() * ceiling);
  }
}
