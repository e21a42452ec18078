import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable, TransformOptions } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip, type ZlibOptions } from "node:zlib";

/**
 * gzip runs on libuv's thread pool, one job per write, and each job's end comes back through the
 * event loop before the next one starts. So the writer yields to the event loop every
 * `yieldBytes` while gzip has work, and hands gzip large chunks — a full buffer of `chunkBytes`,
 * or whatever has gathered when gzip has nothing to do — so that gzip seldom waits.
 */
const yieldBytes = 16 * 1024;
const chunkBytes = 256 * 1024;

/**
 * One part of a Bulk session (001 "upload"): NDJSON lines streamed through gzip into a file in the
 * spool folder. The file is what is uploaded, and uploaded again after a retry or a session restart;
 * only the chunk being gathered and zlib's window are ever in memory.
 */
export class BulkPart {
  /** Objects written into the part. */
  objects = 0;
  /** Uncompressed bytes, newlines included: what 001's 512 MB limit counts. */
  rawBytes = 0;
  /** Compressed bytes, known once the part is sealed. */
  gzipBytes = 0;
  /** The session the part was last uploaded to, once it was. */
  uploadedTo: string | undefined;

  readonly file: string;
  readonly #gzip: Gzip;
  readonly #file: WriteStream;
  readonly #written: Promise<void>;
  /**
   * Lines are encoded straight into this buffer, which goes to gzip when full; gzip's buffers come
   * back to `#spare` once compressed. No string the size of a chunk is ever built.
   */
  #buffer: Buffer = Buffer.allocUnsafe(chunkBytes);
  #used = 0;
  readonly #spare: Buffer[] = [];
  #bytesSinceYield = 0;
  #sealed = false;

  constructor(
    readonly index: number,
    folder: string,
    level: number,
  ) {
    this.file = join(folder, `part-${String(index).padStart(6, "0")}.ndjson.gz`);
    // A deep write buffer lets the writer stay ahead of zlib (which runs on the thread pool) so
    // that compression never waits for the next chunk; larger output chunks mean fewer callbacks.
    // (zlib streams pass their options on to Transform, so the stream options apply.)
    const options: ZlibOptions & TransformOptions = {
      level,
      chunkSize: 64 * 1024,
      writableHighWaterMark: 1024 * 1024,
    };
    this.#gzip = createGzip(options);
    this.#file = createWriteStream(this.file);
    this.#written = pipeline(this.#gzip, this.#file);
    // A failure is seen by whoever waits on `seal()` or on a write; never unhandled.
    this.#written.catch(() => undefined);
  }

  /**
   * Adds one NDJSON line (`json`, without its newline). Returns a promise when the writer should
   * wait — for gzip to drain (backpressure), or for one turn of the event loop — and `undefined`
   * when it may go on at once.
   */
  add(json: string): Promise<void> | undefined {
    let room = this.#buffer.length - this.#used;
    // Three bytes per UTF-16 unit at most: exact bytes only for a line that might not fit.
    if (json.length * 3 + 1 > room) {
      const bytes = Buffer.byteLength(json) + 1;
      if (bytes > room) {
        this.#handOver();
        room = this.#buffer.length;
        if (bytes > room) return this.#addLarge(json, bytes);
      }
    }
    const bytes = this.#buffer.write(json, this.#used) + 1;
    this.#buffer[this.#used + bytes - 1] = 0x0a;
    this.#used += bytes;
    this.rawBytes += bytes;
    this.objects++;
    this.#bytesSinceYield += bytes;
    if (this.#bytesSinceYield < yieldBytes) return undefined;
    // gzip has nothing left to do, or the buffer is full: hand it what there is.
    if (this.#gzip.writableLength === 0 || this.#used === this.#buffer.length) return this.flush();
    this.#bytesSinceYield = 0;
    return nextTurn();
  }

  /** Hands the lines gathered so far to gzip. */
  flush(): Promise<void> | undefined {
    if (this.#used === 0) return undefined;
    return this.#handOver() ? nextTurn() : drained(this.#gzip);
  }

  /** Ends the gzip stream and waits until the file is complete; records its compressed size. */
  async seal(): Promise<void> {
    // Backpressure no longer matters: end() takes what is buffered.
    if (this.#used > 0) this.#handOver();
    this.#sealed = true;
    // A sealed part is kept until its session finished: it must not keep its buffers too.
    this.#buffer = Buffer.alloc(0);
    this.#spare.length = 0;
    this.#gzip.end();
    await this.#written;
    this.gzipBytes = this.#file.bytesWritten;
  }

  /** Writes the buffer to gzip and takes a spare one; false when gzip asks the writer to wait. */
  #handOver(): boolean {
    const buffer = this.#buffer;
    const flowing = this.#gzip.write(buffer.subarray(0, this.#used), () => {
      if (!this.#sealed) this.#spare.push(buffer);
    });
    this.#buffer = this.#spare.pop() ?? Buffer.allocUnsafe(chunkBytes);
    this.#used = 0;
    this.#bytesSinceYield = 0;
    return flowing;
  }

  /** A line longer than a buffer (up to 001's 400 KB): in a buffer of its own. */
  #addLarge(json: string, bytes: number): Promise<void> {
    const buffer = Buffer.allocUnsafe(bytes);
    buffer.write(json);
    buffer[bytes - 1] = 0x0a;
    this.rawBytes += bytes;
    this.objects++;
    return this.#gzip.write(buffer) ? nextTurn() : drained(this.#gzip);
  }

  /** A fresh stream of the sealed file, for one upload attempt. */
  open(): Readable {
    return createReadStream(this.file, { highWaterMark: 256 * 1024 });
  }

  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** Resolves after one turn of the event loop, once the I/O callbacks that were due have run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves when `gzip` has taken everything written to it; rejects if it fails first. */
function drained(gzip: Gzip): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      gzip.off("drain", done);
      gzip.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    gzip.once("drain", done);
    gzip.once("error", done);
  });
}
