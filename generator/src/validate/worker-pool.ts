import { Worker } from "node:worker_threads";
import type { TextResult, RecordOptions } from "./records.js";
import type { ChunkRequest, WorkerSetup } from "./worker.js";

interface Pending {
  resolve(result: TextResult): void;
  reject(error: Error): void;
}

/**
 * Worker threads that check NDJSON chunks. Each chunk goes to the worker with the fewest chunks in
 * hand; results come back as promises, which the caller consumes in its own (file) order.
 */
export class WorkerPool {
  private readonly workers: { worker: Worker; busy: number; ready: Promise<void> }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number, setup: WorkerSetup) {
    const url = new URL("./worker.js", import.meta.url);
    for (let i = 0; i < size; i++) {
      // A small young generation: a chunk's garbage is collected before the next chunk comes,
      // so a worker's heap stays the size of a chunk or two, however large the file.
      const worker = new Worker(url, {
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
      const entry = { worker, busy: 0, ready: Promise.resolve() };
      entry.ready = new Promise<void>((resolve, reject) => {
        worker.once("error", reject);
        worker.on(
          "message",
          (message: { ready?: true; id: number; result?: TextResult; error?: string }) => {
            if (message.ready) {
              resolve();
              return;
            }
            const pending = this.pending.get(message.id);
            if (!pending) return;
            this.pending.delete(message.id);
            entry.busy--;
            if (message.error !== undefined)
              pending.reject(new Error(`a validate worker failed: ${message.error}`));
            else pending.resolve(message.result!);
          },
        );
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (code !== 0 && !this.closing)
          this.fail(new Error(`a validate worker stopped with exit code ${code}`));
      });
      this.workers.push(entry);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Waits until every worker has loaded the validators. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready));
  }

  check(bytes: Uint8Array, record: RecordOptions): Promise<TextResult> {
    if (this.failure) return Promise.reject(this.failure);
    let chosen = this.workers[0]!;
    for (const entry of this.workers) if (entry.busy < chosen.busy) chosen = entry;
    const id = this.nextId++;
    chosen.busy++;
    const request: ChunkRequest = { id, bytes, record };
    return new Promise<TextResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      chosen.worker.postMessage(request);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
