/** One line of newline-delimited data: its 1-based number and its bytes, without the newline. */
export interface NdjsonLine {
  number: number;
  bytes: Buffer;
}

/** A line grew past the limit; it was not read further than that. */
export class LineTooLongError extends Error {
  readonly code = "LINE_TOO_LONG";

  constructor(
    readonly line: number,
    readonly maxLineBytes: number,
  ) {
    super(`line ${line} is longer than ${maxLineBytes} bytes`);
    this.name = "LineTooLongError";
  }
}

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Splits chunks into lines and yields the lines each chunk completes, together. It holds at most
 * one partial line (of at most `maxLineBytes`) plus the chunk being split. A line ends with "\n";
 * a "\r" before the "\n" is dropped, and a last line without "\n" counts. A line that passes
 * `maxLineBytes` throws {@link LineTooLongError} as soon as it does, before the rest of it is
 * buffered (after the lines before it).
 */
export async function* ndjsonLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 1;
  const take = (tail: Buffer): NdjsonLine => {
    let bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    if (bytes.at(-1) === carriageReturn) bytes = bytes.subarray(0, -1);
    pending = [];
    pendingBytes = 0;
    return { number: number++, bytes };
  };
  for await (const chunk of chunks) {
    const lines: NdjsonLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
      // The "\r" of a "\r\n" ending does not count towards the limit.
      const lastByte = end > start ? chunk[end - 1] : pending.at(-1)?.at(-1);
      const limit = lastByte === carriageReturn ? maxLineBytes + 1 : maxLineBytes;
      if (pendingBytes + end - start > limit) {
        if (lines.length > 0) yield lines;
        throw new LineTooLongError(number, maxLineBytes);
      }
      lines.push(take(chunk.subarray(start, end)));
      start = end + 1;
    }
    if (start < chunk.length) {
      pendingBytes += chunk.length - start;
      // One byte of slack for a "\r" that the next chunk may show to end the line.
      if (pendingBytes > maxLineBytes + 1) {
        if (lines.length > 0) yield lines;
        throw new LineTooLongError(number, maxLineBytes);
      }
      pending.push(chunk.subarray(start));
    }
    if (lines.length > 0) yield lines;
  }
  if (pendingBytes > 0) {
    const last = take(Buffer.alloc(0));
    if (last.bytes.length > maxLineBytes) throw new LineTooLongError(last.number, maxLineBytes);
    yield [last];
  }
}
