import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable, TransformOptions } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip, type ZlibOptions } from "node:zlib";

/** Lines are gathered into chunks of about this size before gzip sees them: fewer, larger writes. */
const chunkBytes = 64 * 1024;

/**
 * One part of a Bulk session (001 "upload"): NDJSON lines streamed through gzip into a file in the
 * spool folder. The file is what is uploaded, and uploaded again after a retry or a session restart;
 * only the chunk being gathered and zlib's window are ever in memory.
 */
export class BulkPart {
  /** Objects written into the part. */
  objects = 0;
  /** Uncompressed bytes: what 001's 512 MB limit counts. */
  rawBytes = 0;
  /** Compressed bytes, known once the part is sealed. */
  gzipBytes = 0;
  /** The session the part was last uploaded to, once it was. */
  uploadedTo: string | undefined;

  readonly file: string;
  readonly #gzip: Gzip;
  readonly #file: WriteStream;
  readonly #written: Promise<void>;
  #chunk: string[] = [];
  #chunkBytes = 0;

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
    // A failure is seen by whoever waits on `seal()` or `drain()`; never unhandled.
    this.#written.catch(() => undefined);
  }

  /**
   * Adds one line (its trailing newline included) of `bytes` UTF-8 bytes. Returns a promise when
   * gzip asks the writer to wait (backpressure), `undefined` when it may go on at once.
   */
  add(line: string, bytes: number): Promise<void> | undefined {
    this.#chunk.push(line);
    this.#chunkBytes += bytes;
    this.objects++;
    this.rawBytes += bytes;
    return this.#chunkBytes >= chunkBytes ? this.#writeChunk() : undefined;
  }

  /** Ends the gzip stream and waits until the file is complete; records its compressed size. */
  async seal(): Promise<void> {
    if (this.#chunk.length > 0) this.#gzip.write(this.#chunk.join(""));
    this.#chunk = [];
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

  #writeChunk(): Promise<void> | undefined {
    const text = this.#chunk.join("");
    this.#chunk = [];
    this.#chunkBytes = 0;
    if (this.#gzip.write(text)) return undefined;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        this.#gzip.off("drain", done);
        this.#gzip.off("error", done);
        if (error) reject(error);
        else resolve();
      };
      this.#gzip.once("drain", done);
      this.#gzip.once("error", done);
    });
  }
}
