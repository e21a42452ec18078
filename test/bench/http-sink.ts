/**
 * A minimal Segment stand-in for the runtime benchmark, in a process of its own so that the client
 * being measured has its core: it reads every body and answers as 000 and 001 do, nothing more.
 * Prints its URL on stdout once listening.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((request, response) => {
  const path = request.url ?? "";
  request.on("data", () => {});
  request.on("end", () => {
    const [status, body] = path.startsWith("/v0/start")
      ? [201, { sync_id: "bench" }]
      : path.startsWith("/v0/upload/")
        ? [201, { part_id: "p" }]
        : path.startsWith("/v0/finish/")
          ? [202, {}]
          : [200, {}];
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
process.on("disconnect", () => process.exit(0));
