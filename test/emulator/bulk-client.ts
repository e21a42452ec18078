import { once } from "node:events";
import { Readable } from "node:stream";
import { createGzip, gzipSync } from "node:zlib";
import { request, type Dispatcher } from "undici";
// Basic base64(writeKey + ":"): ../shared/seeds/README.md has 001 follow 000.
import { basic } from "./http-client.js";

/** A client of the emulator's Bulk API (001) for tests: real HTTP, answers read as JSON. */

export const writeKey = "bulk-test-key";

export interface BulkAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

type Body = string | Buffer | AsyncIterable<Buffer>;

/** POSTs to `path` with the write key (or none, with `key: null`) and reads the JSON answer. */
export async function bulkPost(
  url: string,
  path: string,
  body?: Body,
  options: {
    key?: string | null;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    dispatcher?: Dispatcher;
  } = {},
): Promise<BulkAnswer> {
  const key = options.key === undefined ? writeKey : options.key;
  const response = await request(`${url}${path}`, {
    method: "POST",
    headers: { ...(key !== null && { authorization: basic(key) }), ...options.headers },
    ...(body !== undefined && {
      body: typeof body === "string" || Buffer.isBuffer(body) ? body : Readable.from(body),
    }),
    ...(options.signal && { signal: options.signal }),
    ...(options.dispatcher && { dispatcher: options.dispatcher }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export async function startSession(url: string, key = writeKey): Promise<string> {
  const answer = await bulkPost(url, "/v0/start", undefined, { key });
  if (answer.status !== 201) throw new Error(`start answered ${answer.status}`);
  return answer.body.sync_id as string;
}

/** Uploads a body that is already gzip'd (or deliberately not), as 001's example does. */
export function upload(
  url: string,
  id: string,
  body: Body,
  headers: Record<string, string> = {
    "content-type": "binary/octet-stream",
    "content-encoding": "gzip",
  },
  key = writeKey,
): Promise<BulkAnswer> {
  return bulkPost(url, `/v0/upload/${id}`, body, { key, headers });
}

export function finish(url: string, id: string, error = "", key = writeKey): Promise<BulkAnswer> {
  return bulkPost(url, `/v0/finish/${id}`, JSON.stringify({ error }), {
    key,
    headers: { "content-type": "application/json" },
  });
}

export function keepAlive(url: string, id: string, key = writeKey): Promise<BulkAnswer> {
  return bulkPost(url, `/v0/keep-alive/${id}`, undefined, { key });
}

export interface Line {
  id: string;
  collection: string;
  properties: Record<string, unknown>;
}

export const line = (
  collection: string,
  id: string,
  properties: Record<string, unknown>,
): Line => ({
  id,
  collection,
  properties,
});

/** Objects as gzip'd NDJSON, one per line. */
export function gzipLines(lines: readonly (Line | string)[]): Buffer {
  return gzipSync(lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
}

/**
 * A body that sends its first half and then waits for `gate` before the rest: an upload that is
 * in flight for as long as a test wants.
 */
export async function* heldBody(body: Buffer, gate: Promise<void>): AsyncGenerator<Buffer> {
  const half = Math.floor(body.length / 2);
  yield body.subarray(0, half);
  await gate;
  yield body.subarray(half);
}

/** `size` bytes of `pattern` repeated, gzip'd as a stream: a small body that inflates to a lot. */
export async function gzipRepeated(pattern: string, size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => chunks.push(chunk));
  const unit = Buffer.from(pattern.repeat(Math.ceil((1024 * 1024) / pattern.length)));
  for (let written = 0; written < size; written += unit.length) {
    if (!gzip.write(unit)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await once(gzip, "end");
  return Buffer.concat(chunks);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
