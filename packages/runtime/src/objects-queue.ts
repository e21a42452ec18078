import type { ObjectInput } from "./object-checks.js";

/**
 * An object as queued: what the caller gave (for failures), what is sent (its JSON, made at
 * `set()`, so that changing the object afterwards changes nothing sent), and its place in the
 * order of `set()`.
 */
export interface QueuedObject<P> {
  object: ObjectInput<P>;
  collection: string;
  /** 000's `{"id":…,"properties":{…}}` (`objectJson`). */
  json: string;
  seq: number;
}

/** A UTF-16 unit is at most three bytes of UTF-8 (a surrogate pair, two units, is four). */
const maxUnitBytes = 3;

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
  /** A lower bound of the queued objects' UTF-8 bytes (their UTF-16 units), for the "full" trigger. */
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
    this.bytes += item.json.length;
  }

  /**
   * Takes the next batch: at most `maxCount` objects, its body at most `maxBytes` bytes — but
   * always one object at least, so that an object larger than the budget still goes, alone.
   */
  take(maxCount: number, maxBytes: number): Batch<P> {
    const { items, head } = this;
    const available = Math.min(maxCount, this.length);
    let units = 0;
    for (let i = head; i < head + available; i++) units += items[i]!.json.length;
    let count = available;
    // The body's syntax is ASCII: `prefix`, a comma between objects, `]}`.
    const syntax = this.#prefix.length + 2 - 1;
    if (syntax + available + units * maxUnitBytes > maxBytes) {
      // Near the budget: exact bytes, object by object.
      let bytes = syntax + 1;
      count = 0;
      while (count < available) {
        const size = Buffer.byteLength(items[head + count]!.json) + (count > 0 ? 1 : 0);
        if (count > 0 && bytes + size > maxBytes) break;
        bytes += size;
        count++;
      }
    }
    const objects: ObjectInput<P>[] = [];
    let body = this.#prefix;
    for (let i = head; i < head + count; i++) {
      const item = items[i]!;
      body += i === head ? item.json : `,${item.json}`;
      objects.push(item.object);
      this.bytes -= item.json.length;
    }
    const firstSeq = items[head]!.seq;
    this.#advance(count);
    return { body: `${body}]}`, objects, firstSeq };
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
