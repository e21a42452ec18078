import { seededRandom } from "./random.js";

/**
 * Faults to inject into the Segment API routes (never into /_emulator), for tests of retries and
 * for users testing their own resilience. Rates are fractions of requests, drawn in this order:
 * reset, hang, failure; latency applies to every request that is answered.
 */
export interface FaultOptions {
  /** Fraction of requests answered with one of `statuses` (default 0). */
  failureRate?: number;
  /** Statuses to answer failures with, chosen at random (default [500, 503, 429]). */
  statuses?: number[];
  /** Retry-After seconds sent with 429 and 503 (default 1). */
  retryAfterSeconds?: number;
  /** Fraction of requests whose connection is reset before any answer (default 0). */
  resetRate?: number;
  /** Fraction of requests never answered, until the client gives up (default 0). */
  hangRate?: number;
  /** Added latency in ms: a fixed number, or [min, max] drawn per request (default 0). */
  latencyMs?: number | [number, number];
  /** The seed of the fault draws: the same seed gives the same faults in the same order. */
  seed?: number;
}

export type Fault =
  | { kind: "none"; latencyMs: number }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "failure"; status: number; latencyMs: number; retryAfterSeconds: number };

export class FaultInjector {
  readonly #random: () => number;

  constructor(private readonly options: FaultOptions = {}) {
    this.#random = seededRandom(options.seed ?? 1);
  }

  get enabled(): boolean {
    const o = this.options;
    return Boolean(o.failureRate || o.resetRate || o.hangRate || o.latencyMs);
  }

  /** The fault for the next request. Draws the same number of random values every time. */
  next(): Fault {
    const o = this.options;
    const [reset, hang, failure, pick, latency] = [1, 2, 3, 4, 5].map(() => this.#random()) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const latencyMs = Array.isArray(o.latencyMs)
      ? o.latencyMs[0] + latency * (o.latencyMs[1] - o.latencyMs[0])
      : (o.latencyMs ?? 0);
    if (reset < (o.resetRate ?? 0)) return { kind: "reset" };
    if (hang < (o.hangRate ?? 0)) return { kind: "hang" };
    if (failure < (o.failureRate ?? 0)) {
      const statuses = o.statuses?.length ? o.statuses : [500, 503, 429];
      const status = statuses[Math.floor(pick * statuses.length)]!;
      return { kind: "failure", status, latencyMs, retryAfterSeconds: o.retryAfterSeconds ?? 1 };
    }
    return { kind: "none", latencyMs };
  }
}
