import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { createGunzip } from "node:zlib";

/**
 * The bytes of an input file, plain or gzip'd, as a stream of chunks. Reading never holds more than
 * a chunk or two; a gzip stream that is cut short or corrupt ends the stream with an
 * `UnreadableInput` that says how far it got.
 */

/**
 * 1 MB (10^6 bytes), not 1 MiB: Node gives text decoded from more than 1,031,913 bytes as Latin-1
 * (how ASCII chunks are read, see records.ts) an external string, which V8 slices and parses more
 * slowly than its own.
 */
export const readChunkBytes = 1_000_000;

export class UnreadableInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableInput";
  }
}

/** Whether a file is gzip'd: by its first two bytes (1f 8b), whatever its name says. */
export function isGzipFile(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    const read = readSync(fd, head, 0, 2, 0);
    return read === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

export interface ChunkSource {
  chunks: AsyncIterable<Buffer>;
  /** Bytes of the file read so far (compressed bytes for a gzip'd file), for progress. */
  readonly fileBytesRead: number;
}

/** The file's (uncompressed) bytes in chunks. */
export function readSource(file: string, gzip: boolean): ChunkSource {
  const input = createReadStream(file, { highWaterMark: readChunkBytes });
  const source = {
    fileBytesRead: 0,
    chunks: undefined as unknown as AsyncIterable<Buffer>,
  };
  input.on("data", (chunk) => {
    source.fileBytesRead += chunk.length;
  });
  if (!gzip) {
    source.chunks = mapErrors(input, file, false);
    return source;
  }
  const gunzip = createGunzip({ chunkSize: readChunkBytes });
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  source.chunks = mapErrors(gunzip, file, true);
  return source;
}

async function* mapErrors(
  stream: AsyncIterable<Buffer>,
  file: string,
  gzip: boolean,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += chunk.length;
      yield chunk;
    }
  } catch (error) {
    throw new UnreadableInput(describeReadError(error as NodeJS.ErrnoException, file, gzip, bytes));
  }
}

function describeReadError(
  error: NodeJS.ErrnoException,
  file: string,
  gzip: boolean,
  bytes: number,
): string {
  const after = `after ${bytes.toLocaleString("en-US")} bytes${gzip ? " of uncompressed data" : ""}`;
  if (gzip && error.code === "Z_BUF_ERROR")
    return `the gzip stream ends early ${after}: the file is truncated`;
  if (gzip && error.code === "Z_DATA_ERROR")
    return `the gzip data is corrupt ${after} (${error.message})`;
  if (error.code === "EACCES") return `cannot read ${file}: permission denied`;
  if (error.code === "EISDIR") return `${file} is a folder`;
  return `reading stopped ${after}: ${error.message}`;
}
