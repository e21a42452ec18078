import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { createGunzip, type Gunzip } from "node:zlib";
import { parseBulkLine } from "./bulk-line.js";
import { formatBytes, HttpError } from "./http.js";
import { LineTooLongError, ndjsonLines } from "./ndjson-lines.js";

export interface UploadLimits {
  /** 001: "maximum uncompressed size of a file 512MB". */
  maxFileBytes: number;
  /** 001: "The maximum size of a single object is 400KB". */
  maxObjectBytes: number;
  /** Compressed bytes read and thrown away after an early answer before hanging up. */
  maxDiscardBytes?: number;
}

export interface ReceivedPart {
  /** Objects (non-blank lines) in the part. */
  objects: number;
  /** Uncompressed bytes. */
  bytes: number;
}

/** Thrown into the gunzip stream to stop it; mapped to an answer by {@link uploadError}. */
class UploadStopped extends Error {
  constructor(readonly answer: HttpError) {
    super(answer.message);
  }
}

const newline = Buffer.from("\n");

/**
 * Reads a `POST /v0/upload/<id>` body — gzip'd NDJSON (001 "Batched Object Data") — as a stream:
 * decompresses it, splits it into lines, checks each line, and writes the valid lines to `file`.
 * Blank lines are skipped (they still count in line numbers). Nothing is kept in memory beyond
 * one line and a chunk; decompression stops as soon as the file passes `maxFileBytes`, so a gzip
 * bomb costs neither memory nor disk.
 *
 * On any problem `file` is removed and an HttpError is thrown at once: the rest of the body is
 * read and thrown away without being decompressed (up to `maxDiscardBytes`, then the connection
 * is closed), so that the client can read the answer.
 */
export async function receivePart(
  request: IncomingMessage,
  file: string,
  limits: UploadLimits,
): Promise<ReceivedPart> {
  const gunzip = createGunzip();
  let compressedBytes = 0;
  const maxCompressedBytes = limits.maxFileBytes + Math.ceil(limits.maxFileBytes / 100) + 65536;
  const countCompressed = (chunk: Buffer) => {
    compressedBytes += chunk.length;
    // Gzip never grows data by more than a small fraction; a longer body only hides empty members.
    if (compressedBytes > maxCompressedBytes)
      gunzip.destroy(new UploadStopped(tooLarge(limits.maxFileBytes, "compressed")));
  };
  const onClose = () => {
    if (request.complete) return;
    const aborted = new HttpError(400, "the client closed the connection before the upload ended");
    gunzip.destroy(new UploadStopped(aborted));
  };
  // Errors surface through the iteration below; this keeps a late one from going unhandled.
  gunzip.on("error", () => {});
  request.on("data", countCompressed);
  request.on("close", onClose);
  request.on("error", onClose);
  request.pipe(gunzip);

  let bytes = 0;
  async function* decompressed(): AsyncGenerator<Buffer> {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxFileBytes)
        throw new UploadStopped(tooLarge(limits.maxFileBytes, "uncompressed"));
      yield chunk;
    }
  }

  const out = createWriteStream(file, { flags: "wx" });
  const outFailed = new Promise<never>((_, reject) => out.once("error", reject));
  outFailed.catch(() => {});
  let objects = 0;
  try {
    for await (const lines of ndjsonLines(decompressed(), limits.maxObjectBytes)) {
      const valid: Buffer[] = [];
      for (const line of lines) {
        if (isBlank(line.bytes)) continue;
        parseBulkLine(line.bytes, line.number);
        valid.push(line.bytes, newline);
      }
      if (valid.length === 0) continue;
      objects += valid.length / 2;
      if (!out.write(Buffer.concat(valid))) await Promise.race([once(out, "drain"), outFailed]);
    }
    out.end();
    await Promise.race([once(out, "close"), outFailed]);
    return { objects, bytes };
  } catch (error) {
    stopReading(request, gunzip, limits.maxDiscardBytes ?? 64 * 1024 * 1024);
    out.destroy();
    await rm(file, { force: true });
    throw uploadError(error, compressedBytes, limits);
  } finally {
    request.off("data", countCompressed);
    request.off("close", onClose);
    request.off("error", onClose);
  }
}

/** Stops decompressing and throws the rest of the body away, up to `maxDiscardBytes`. */
function stopReading(request: IncomingMessage, gunzip: Gunzip, maxDiscardBytes: number): void {
  request.unpipe(gunzip);
  gunzip.destroy();
  if (!request.complete && !request.destroyed) {
    let discarded = 0;
    request.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > maxDiscardBytes) request.socket.destroy();
    });
  }
  request.resume();
}

/** The answer to a failed upload; errors that are not the client's are returned as they are. */
function uploadError(error: unknown, compressedBytes: number, limits: UploadLimits): unknown {
  if (error instanceof UploadStopped) return error.answer;
  if (error instanceof HttpError) return error;
  if (error instanceof LineTooLongError) {
    return new HttpError(
      400,
      `line ${error.line} is longer than ${formatBytes(limits.maxObjectBytes)}; 001 takes objects of at most 400 KB, one per line. The upload was not stored`,
      {},
      { line: error.line },
    );
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code?.startsWith("Z_")) {
    if (compressedBytes === 0) {
      return new HttpError(
        400,
        "the body is empty; send a gzip'd file of newline-delimited JSON objects",
      );
    }
    if (code === "Z_BUF_ERROR") {
      return new HttpError(
        400,
        `the gzip data ends early (unexpected end of file after ${compressedBytes} compressed bytes): the upload is truncated; send the whole gzip file`,
      );
    }
    return new HttpError(
      400,
      `the body is not valid gzip data (${(error as Error).message}); compress the newline-delimited JSON with gzip and send it with Content-Encoding: gzip`,
    );
  }
  return error;
}

function tooLarge(maxFileBytes: number, kind: "compressed" | "uncompressed"): HttpError {
  const size = formatBytes(maxFileBytes);
  return new HttpError(
    413,
    `the upload is larger than ${size} ${kind}; the emulator takes files of at most ${size} uncompressed (001: 512 MB): split the objects into several uploads in the same session. The upload was not stored`,
  );
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
