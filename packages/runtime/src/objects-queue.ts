import type { ObjectInput } from "./object-checks.js";
import type { WireObject } from "./wire-object.js";

/**
 * An object as queued: what the caller gave (for failures), what is sent (a copy taken at `set()`),
 * bounds of its serialised size, and its place in the order of `set()`.
 */
export interface QueuedObject<P> {
  object: ObjectInput<P>;
  collection: string;
  wire: WireObject;
  minBytes: number;
  maxBytes: number;
  /** `wire` serialised, made only when a batch is cut by exact bytes. */
  json: string | undefined;
  seq: number;
}

/** One request's worth of a collection's queue. */
export interface Batch<P> {
  /** 000's `{"collection": …, "objects": […]}`. */
  body: string;
  /** The objects as the caller gave them, for a failure to hand back. */
  objects: ObjectInput<P>[];
  /** The `seq` of its first object, for `flush()`. */
  firstSeq: number;
}

/** One collection's objects waiting for a request, oldest first, and how a request is cut. */
export class CollectionQueue<P> {
  readonly items: QueuedObject<P>[] = [];
  /** Index of the first item not yet taken: items are shifted out in bulk, not one by one. */
  head = 0;
  /** A lower bound of the queued objects' UTF-8 bytes, for the "full" trigger. */
  bytes = 0;
  /** Requests of this collection in flight. */
  inFlight = 0;
  /** The body's start; collection names are ASCII (000), so its length is its size in bytes. */
  readonly #prefix: string;

  constructor(readonly name: string) {
    this.#prefix = `{"collection":${JSON.stringify(name)},"objects":[`;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  first(): QueuedObject<P> | undefined {
    return this.items[this.head];
  }

  push(item: QueuedObject<P>): void {
    this.items.push(item);
    this.bytes += item.minBytes;
  }

  /**
   * Takes the next batch: at most `maxCount` objects, its body at most `maxBytes` bytes — but
   * always one object at least, so that an object larger than the budget still goes, alone.
   */
  take(maxCount: number, maxBytes: number): Batch<P> {
    const { items, head } = this;
    const available = Math.min(maxCount, this.length);
    let bound = this.#prefix.length + 2 + available - 1;
    for (let i = head; i < head + available; i++) bound += items[i]!.maxBytes;
    let count = available;
    let body: string | undefined;
    if (bound > maxBytes) {
      // Near the budget: exact bytes, object by object.
      let bytes = this.#prefix.length + 2;
      count = 0;
      while (count < available) {
        const item = items[head + count]!;
        item.json ??= JSON.stringify(item.wire);
        const size = Buffer.byteLength(item.json) + (count > 0 ? 1 : 0);
        if (count > 0 && bytes + size > maxBytes) break;
        bytes += size;
        count++;
      }
      body = `${this.#prefix}${items
        .slice(head, head + count)
        .map((item) => item.json)
        .join(",")}]}`;
    }
    const wires: WireObject[] = [];
    const objects: ObjectInput<P>[] = [];
    for (let i = head; i < head + count; i++) {
      const item = items[i]!;
      wires.push(item.wire);
      objects.push(item.object);
      this.bytes -= item.minBytes;
    }
    const firstSeq = items[head]!.seq;
    this.#advance(count);
    // The common case: every object fits even at its largest, and one call serialises them all.
    body ??= JSON.stringify({ collection: this.name, objects: wires });
    return { body, objects, firstSeq };
  }

  #advance(count: number): void {
    this.head += count;
    // Drop the taken prefix now and then, so that the array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}
