import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable, TransformOptions } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip, type ZlibOptions } from "node:zlib";

/**
 * gzip runs on libuv's thread pool, one job per write, and each job's end comes back through the
 * event loop before the next one starts. So the writer yields to the event loop every
 * `yieldUnits` UTF-16 units of lines while gzip has work, and hands gzip large chunks — up to
 * `chunkUnits`, or whatever has gathered when gzip has nothing to do — so that it seldom waits.
 */
const yieldUnits = 16 * 1024;
const chunkUnits = 256 * 1024;

/**
 * One part of a Bulk session (001 "upload"): NDJSON lines streamed through gzip into a file in the
 * spool folder. The file is what is uploaded, and uploaded again after a retry or a session restart;
 * only the chunk being gathered and zlib's window are ever in memory.
 */
export class BulkPart {
  /** Objects written into the part. */
  objects = 0;
  /**
   * Uncompressed bytes handed to gzip: what 001's 512 MB limit counts. Lines still being gathered
   * are not in it yet; `pendingUnits` bounds them (a UTF-16 unit is at most three UTF-8 bytes).
   */
  rawBytes = 0;
  /** UTF-16 units of the lines gathered since the last write to gzip. */
  pendingUnits = 0;
  /** Compressed bytes, known once the part is sealed. */
  gzipBytes = 0;
  /** The session the part was last uploaded to, once it was. */
  uploadedTo: string | undefined;

  readonly file: string;
  readonly #gzip: Gzip;
  readonly #file: WriteStream;
  readonly #written: Promise<void>;
  #chunk: string[] = [];
  /** Units gathered since the writer last yielded. */
  #unitsSinceYield = 0;

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
   * Adds one line, its trailing newline included. Returns a promise when the writer should wait —
   * for gzip to drain (backpressure), or for one turn of the event loop — and `undefined` when it
   * may go on at once.
   */
  add(line: string): Promise<void> | undefined {
    this.#chunk.push(line);
    this.objects++;
    this.pendingUnits += line.length;
    this.#unitsSinceYield += line.length;
    if (this.#unitsSinceYield < yieldUnits) return undefined;
    // gzip has nothing left to do, or a full chunk is ready: hand it what there is.
    if (this.#gzip.writableLength === 0 || this.pendingUnits >= chunkUnits) return this.flush();
    this.#unitsSinceYield = 0;
    return nextTurn();
  }

  /** Hands the lines gathered so far to gzip, so that `rawBytes` counts them exactly. */
  flush(): Promise<void> | undefined {
    if (this.#chunk.length === 0) return undefined;
    const bytes = Buffer.from(this.#chunk.join(""));
    this.#chunk = [];
    this.pendingUnits = 0;
    this.#unitsSinceYield = 0;
    this.rawBytes += bytes.length;
    if (!this.#gzip.write(bytes)) return drained(this.#gzip);
    return nextTurn();
  }

  /** Ends the gzip stream and waits until the file is complete; records its compressed size. */
  async seal(): Promise<void> {
    // Backpressure no longer matters: end() takes what is buffered.
    this.flush()?.catch(() => undefined);
    this.#gzip.end();
    await this.#written;
    this.gzipBytes = this.#file.bytesWritten;
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
