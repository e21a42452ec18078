/**
 * Counts requests in flight per write key, for 001's "20 simultaneous requests per Write Key".
 */
export class InFlightLimiter {
  readonly #counts = new Map<string, number>();

  constructor(readonly max: number) {}

  /**
   * Takes one of the key's slots and returns the function that gives it back (calling it again
   * does nothing), or undefined when every slot is taken.
   */
  tryAcquire(key: string): (() => void) | undefined {
    const count = this.#counts.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.#counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left === 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }

  /** Requests in flight for a key. */
  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
}
