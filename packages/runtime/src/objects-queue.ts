import type { ObjectInput } from "./object-checks.js";

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

/**
 * One collection's objects waiting for a request, oldest first, and how a request is cut. Each
 * object is held as what the caller gave (for failures), what is sent (its JSON, made at `set()`,
 * so that changing the object afterwards changes nothing sent), and its place in the order of
 * `set()`.
 *
 * They are held in three arrays, not in an object per item, and a taken object's places are
 * emptied at once. The queue outlives every garbage collection, so it sits in the old generation;
 * so would the items of a queue this full: V8 allocates objects in the old generation straight away
 * once most objects of their allocation site outlive a scavenge (a queue of 1,000 does, while the
 * young generation is small). An old item that is no longer used is not freed before the next full
 * collection, and until then it keeps its JSON alive: every object's JSON would be promoted, the old
 * generation would grow by megabytes a second, and each scavenge would take three times as long.
 */
export class CollectionQueue<P> {
  readonly #objects: (ObjectInput<P> | undefined)[] = [];
  /**
   * 000's `{"id":…,"properties":{…}}` (`objectJson`); "" once taken. Kept as V8 built it, a rope of
   * its pieces: a request's body joins ten of them and is copied into one piece once, when undici
   * encodes it. Copying each object's JSON into one piece as well cost a tenth of `set()`.
   */
  readonly #jsons: string[] = [];
  readonly #seqs: number[] = [];
  /** Index of the first object not yet taken: the emptied places are cut off in bulk, now and then. */
  #head = 0;
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
    return this.#seqs.length - this.#head;
  }

  /** The `seq` of the oldest queued object; `undefined` when the queue is empty. */
  firstSeq(): number | undefined {
    return this.#seqs[this.#head];
  }

  push(object: ObjectInput<P>, json: string, seq: number): void {
    this.#objects.push(object);
    this.#jsons.push(json);
    this.#seqs.push(seq);
    this.bytes += json.length;
  }

  /**
   * Takes the next batch: at most `maxCount` objects, its body at most `maxBytes` bytes — but
   * always one object at least, so that an object larger than the budget still goes, alone.
   */
  take(maxCount: number, maxBytes: number): Batch<P> {
    const head = this.#head;
    const jsons = this.#jsons;
    const available = Math.min(maxCount, this.length);
    let units = 0;
    for (let i = head; i < head + available; i++) units += jsons[i]!.length;
    let count = available;
    // The body's syntax is ASCII: `prefix`, a comma between objects, `]}`.
    const syntax = this.#prefix.length + 2 - 1;
    if (syntax + available + units * maxUnitBytes > maxBytes) {
      // Near the budget: exact bytes, object by object.
      let bytes = syntax + 1;
      count = 0;
      while (count < available) {
        const size = Buffer.byteLength(jsons[head + count]!) + (count > 0 ? 1 : 0);
        if (count > 0 && bytes + size > maxBytes) break;
        bytes += size;
        count++;
      }
    }
    const objects: ObjectInput<P>[] = [];
    let body = this.#prefix;
    for (let i = head; i < head + count; i++) {
      const json = jsons[i]!;
      body += i === head ? json : `,${json}`;
      objects.push(this.#objects[i]!);
      this.bytes -= json.length;
      this.#objects[i] = undefined;
      jsons[i] = "";
    }
    const firstSeq = this.#seqs[head]!;
    this.#advance(count);
    return { body: `${body}]}`, objects, firstSeq };
  }

  #advance(count: number): void {
    this.#head += count;
    // Cut off the emptied places now and then, so that the arrays do not grow forever.
    if (this.#head > 1024 && this.#head * 2 > this.#seqs.length) {
      this.#objects.splice(0, this.#head);
      this.#jsons.splice(0, this.#head);
      this.#seqs.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

/**
 * The objects of one `set()` call, checked and serialised, until they are queued — at once, or once
 * the call has waited for room. Emptied when queued, for the reason `CollectionQueue` gives.
 */
export class PreparedObjects<P> {
  readonly objects: ObjectInput<P>[] = [];
  readonly collections: string[] = [];
  readonly jsons: string[] = [];
  /** The UTF-16 units of their JSON. */
  units = 0;

  get length(): number {
    return this.objects.length;
  }

  add(object: ObjectInput<P>, collection: string, json: string): void {
    this.objects.push(object);
    this.collections.push(collection);
    this.jsons.push(json);
    this.units += json.length;
  }

  clear(): void {
    this.objects.length = 0;
    this.collections.length = 0;
    this.jsons.length = 0;
    this.units = 0;
  }
}
