import { describe, expect, it } from "vitest";
import {
  parseRetryAfter,
  RetryPolicy,
  retryDefaults,
  type AttemptOutcome,
  type RetryDecision,
} from "../../packages/runtime/src/index.js";

const status = (code: number, retryAfter?: string): AttemptOutcome => ({
  kind: "status",
  status: code,
  retryAfter,
});

/** A policy whose jitter always draws `draw`, with a fixed clock for HTTP dates. */
const policy = (draw = 0.5) =>
  new RetryPolicy({
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    budgetMs: 10_000,
    random: () => draw,
    now: () => Date.parse("2026-01-01T00:00:00Z"),
  });

describe("RetryPolicy.decide", () => {
  const cases: [
    string,
    { attempt: number; outcome: AttemptOutcome; elapsed: number; want: RetryDecision },
  ][] = [
    [
      "retries a 500 with full jitter",
      { attempt: 1, outcome: status(500), elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "retries a 502",
      { attempt: 1, outcome: status(502), elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "retries a 503, doubling the cap",
      { attempt: 2, outcome: status(503), elapsed: 0, want: { retry: true, delayMs: 100 } },
    ],
    [
      "retries a 504",
      { attempt: 3, outcome: status(504), elapsed: 0, want: { retry: true, delayMs: 200 } },
    ],
    [
      "retries a 408",
      { attempt: 1, outcome: status(408), elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "retries a 429",
      { attempt: 1, outcome: status(429), elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "honours Retry-After in seconds",
      { attempt: 1, outcome: status(429, "2"), elapsed: 0, want: { retry: true, delayMs: 2000 } },
    ],
    [
      "honours Retry-After as an HTTP date",
      {
        attempt: 1,
        outcome: status(503, "Thu, 01 Jan 2026 00:00:03 GMT"),
        elapsed: 0,
        want: { retry: true, delayMs: 3000 },
      },
    ],
    [
      "treats a past Retry-After date as now",
      {
        attempt: 1,
        outcome: status(503, "Wed, 31 Dec 2025 00:00:00 GMT"),
        elapsed: 0,
        want: { retry: true, delayMs: 0 },
      },
    ],
    [
      "ignores an unreadable Retry-After",
      { attempt: 1, outcome: status(503, "soon"), elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "retries a network error",
      { attempt: 1, outcome: { kind: "network" }, elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "retries a timeout",
      { attempt: 1, outcome: { kind: "timeout" }, elapsed: 0, want: { retry: true, delayMs: 50 } },
    ],
    [
      "never retries 501",
      {
        attempt: 1,
        outcome: status(501),
        elapsed: 0,
        want: { retry: false, reason: "status 501 is not retried" },
      },
    ],
    [
      "never retries 400",
      {
        attempt: 1,
        outcome: status(400),
        elapsed: 0,
        want: { retry: false, reason: "status 400 is not retried" },
      },
    ],
    [
      "never retries 401",
      {
        attempt: 1,
        outcome: status(401),
        elapsed: 0,
        want: { retry: false, reason: "status 401 is not retried" },
      },
    ],
    [
      "never retries 403",
      {
        attempt: 1,
        outcome: status(403),
        elapsed: 0,
        want: { retry: false, reason: "status 403 is not retried" },
      },
    ],
    [
      "never retries 404",
      {
        attempt: 1,
        outcome: status(404),
        elapsed: 0,
        want: { retry: false, reason: "status 404 is not retried" },
      },
    ],
    [
      "never retries 409",
      {
        attempt: 1,
        outcome: status(409),
        elapsed: 0,
        want: { retry: false, reason: "status 409 is not retried" },
      },
    ],
    [
      "never retries 413",
      {
        attempt: 1,
        outcome: status(413),
        elapsed: 0,
        want: { retry: false, reason: "status 413 is not retried" },
      },
    ],
    [
      "never retries 422",
      {
        attempt: 1,
        outcome: status(422),
        elapsed: 0,
        want: { retry: false, reason: "status 422 is not retried" },
      },
    ],
    [
      "never retries 400 even with Retry-After",
      {
        attempt: 1,
        outcome: status(400, "1"),
        elapsed: 0,
        want: { retry: false, reason: "status 400 is not retried" },
      },
    ],
    [
      "never retries an abort",
      {
        attempt: 1,
        outcome: { kind: "aborted" },
        elapsed: 0,
        want: { retry: false, reason: "the caller aborted" },
      },
    ],
    [
      "does not retry a success",
      {
        attempt: 1,
        outcome: status(200),
        elapsed: 0,
        want: { retry: false, reason: "status 200 is a success" },
      },
    ],
    [
      "stops when the attempts are used",
      {
        attempt: 4,
        outcome: status(500),
        elapsed: 0,
        want: { retry: false, reason: "all 4 attempts were used" },
      },
    ],
    [
      "caps the backoff at maxDelayMs",
      { attempt: 3, outcome: { kind: "network" }, elapsed: 0, want: { retry: true, delayMs: 200 } },
    ],
    [
      "stops when the backoff would pass the budget",
      {
        attempt: 1,
        outcome: status(500),
        elapsed: 9_990,
        want: {
          retry: false,
          reason: "the next backoff (50 ms) would pass the 10000 ms retry budget",
        },
      },
    ],
    [
      "stops when Retry-After would pass the budget",
      {
        attempt: 1,
        outcome: status(429, "30"),
        elapsed: 0,
        want: {
          retry: false,
          reason: "Retry-After (30000 ms) would pass the 10000 ms retry budget",
        },
      },
    ],
  ];

  it.each(cases)("%s", (_name, { attempt, outcome, elapsed, want }) => {
    expect(policy().decide(attempt, outcome, elapsed)).toEqual(want);
  });

  it("never waits longer than maxDelayMs on backoff, however many attempts", () => {
    const big = new RetryPolicy({
      maxAttempts: 50,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.999,
    });
    for (let attempt = 1; attempt < 50; attempt++) {
      const decision = big.decide(attempt, { kind: "network" }, 0);
      expect(decision.retry && decision.delayMs).toBeLessThan(1000);
    }
  });

  it("documents its defaults", () => {
    const defaults = new RetryPolicy();
    expect({ ...retryDefaults }).toEqual({
      maxAttempts: 10,
      baseDelayMs: 250,
      maxDelayMs: 30_000,
      budgetMs: 120_000,
    });
    expect(defaults.maxAttempts).toBe(retryDefaults.maxAttempts);
    expect(defaults.budgetMs).toBe(retryDefaults.budgetMs);
  });

  it("refuses nonsense options", () => {
    expect(() => new RetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => new RetryPolicy({ budgetMs: -1 })).toThrow(/budgetMs/);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["3", 3000],
    [" 12 ", 12_000],
    ["-1", undefined],
    ["1.5", undefined],
    ["", undefined],
  ] as const)("%j → %s", (value, want) => {
    expect(parseRetryAfter(value)).toBe(want);
  });
});
