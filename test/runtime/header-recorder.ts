import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes, for bodies that are not text (gzip). */
  raw: Buffer;
}

export interface Reply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, instead of `body` (set its `content-type` in `headers`). */
  text?: string;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server on 127.0.0.1 that records each request and answers with `answer(n)` (n counts
 * from 0), which may wait: the emulator logs method, path and status but not headers, and never answers 403 or 422.
 */
export async function startRecorder(
  answer: (n: number) => Reply | Promise<Reply> = () => ({
    status: 200,
    body: {},
  }),
) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const n = requests.length;
      const raw = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: raw.toString("utf8"),
        raw,
      });
      const reply = await answer(n);
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
