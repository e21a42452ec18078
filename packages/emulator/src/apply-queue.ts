import type { Warehouse, WarehouseObject } from "./warehouse.js";

/**
 * Where objects sent without `Synchronous: true` wait: 000 says the API "is asynchronous by
 * default" and updates close together "can be processed out of order". Each batch waits a random
 * delay (seeded) before it is applied, so batches of different requests may land in any order;
 * the objects of one batch keep theirs.
 */
export class ApplyQueue {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly random: () => number,
    private readonly maxDelayMs: number,
    private readonly onError: (
      error: Error,
      collection: string,
      objects: readonly WarehouseObject[],
    ) => void,
  ) {}

  enqueue(collection: string, objects: readonly WarehouseObject[], receivedAt: Date): void {
    const delay = Math.floor(this.random() * (this.maxDelayMs + 1));
    const task: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, delay))
      .then(() => this.warehouse.apply(collection, objects, receivedAt))
      .catch((error: Error) => this.onError(error, collection, objects))
      .finally(() => this.#pending.delete(task));
    this.#pending.add(task);
  }

  /** Batches accepted and not yet applied. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Resolves when every batch accepted so far has been applied. Batches accepted meanwhile are not
   * waited for: under a steady stream of requests there would be no end.
   */
  async drain(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
