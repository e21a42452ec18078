import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** An error the server answers with a status and `{"message"}`, as the contracts do. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** More detail for tools, beside the message (e.g. every invalid field). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Answers what Node's parser refused before any route saw it (a malformed request line, headers
 * over its 16 KB limit) with a status and `{"message"}`, like every other error, then hangs up.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return;
  const [status, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "the request headers are larger than 16 KB; send smaller headers"]
      : [
          400,
          `the request is not valid HTTP/1.1 (${error.code ?? error.message}); send a POST with a JSON or gzip body`,
        ];
  const body = JSON.stringify({ message });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      "content-type: application/json; charset=utf-8",
      `content-length: ${Buffer.byteLength(body)}`,
      "connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}

export function sendError(response: ServerResponse, error: HttpError): void {
  sendJson(response, error.status, { message: error.message, ...error.details }, error.headers);
}

/**
 * Reads a request body into memory, up to `limit` bytes. A larger body is read to its end and
 * thrown away (so that the client sees the answer rather than a reset) and answered with 413;
 * past `discardLimit` the connection is closed.
 */
export async function readBody(
  request: IncomingMessage,
  limit: number,
  what = "the Objects API takes at most 10 objects with values under 32 KB each",
  discardLimit = 1024 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      if (size > discardLimit) {
        request.socket.destroy();
        break;
      }
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) {
    throw new HttpError(413, `the body is larger than ${formatBytes(limit)}; ${what}`, {
      connection: "close",
    });
  }
  return Buffer.concat(chunks, size);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 ? 1 : 0)} KB`;
  return `${bytes} bytes`;
}

/** Parses JSON text, or throws a 400 that says where it broke. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "the body is empty; send a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Requires `Content-Type: application/json` (000); 415 otherwise. */
export function requireJson(request: IncomingMessage): void {
  const type = request.headers["content-type"];
  const mediaType = type?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new HttpError(
      415,
      type
        ? `Content-Type is "${type}"; the Objects API takes "application/json"`
        : "Content-Type is missing; send Content-Type: application/json",
    );
  }
}
