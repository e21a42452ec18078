import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ApplyQueue } from "./apply-queue.js";
import { BulkApi, type BulkRoute } from "./bulk-api.js";
import { FaultInjector } from "./faults.js";
import {
  answerClientError,
  HttpError,
  parseJsonBody,
  readBody,
  sendError,
  sendJson,
} from "./http.js";
import { handleSet } from "./objects-api.js";
import { resolveOptions, type EmulatorOptions } from "./options.js";
import { seededRandom } from "./random.js";
import { formatLogLine, RequestLog, type LoggedRequest } from "./request-log.js";
import type { RouteContext } from "./route-context.js";
import { openWarehouse, type QueryResult } from "./warehouse.js";

export interface Emulator {
  /** `http://127.0.0.1:<port>`: the endpoint for the Objects API and the Bulk API alike. */
  url: string;
  port: number;
  /** Runs SQL on the warehouse (waits first for the objects accepted before the call). */
  query(sql: string): Promise<QueryResult>;
  /** Resolves when every object accepted before the call is in the warehouse. */
  drain(): Promise<void>;
  /** Recent requests, oldest first. */
  requests(): readonly LoggedRequest[];
  /** Stops accepting requests, applies what was accepted, closes the warehouse. */
  stop(): Promise<void>;
}

const bulkPath = /^\/v0\/(start|upload|finish|keep-alive)(?:\/([^/]+))?\/?$/;

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const warehouse = await openWarehouse(resolved.db);
  const log = new RequestLog(resolved.requestLogSize);
  const queue = new ApplyQueue(
    warehouse,
    seededRandom(resolved.seed),
    resolved.asyncMaxDelayMs,
    (error, collection, objects) => {
      resolved.log?.(
        `could not apply ${objects.length} queued objects of ${collection}: ${error.message}`,
      );
    },
  );
  const bulk = new BulkApi(warehouse, resolved);
  const faults = new FaultInjector(resolved.faults);
  // Accepted objects: queued /v1/set batches and bulk sessions answered 202.
  const drain = async () => {
    await queue.drain();
    await bulk.drain();
  };
  const acceptedWriteKeys = resolved.writeKeys ? new Set(resolved.writeKeys) : undefined;
  const hanging = new Set<Socket>();
  let stopping = false;

  const record = (entry: LoggedRequest) => {
    log.add(entry);
    resolved.log?.(formatLogLine(entry));
  };

  async function route(
    request: IncomingMessage,
    response: ServerResponse,
    context: RouteContext,
    pathname: string,
  ): Promise<void> {
    if (pathname === "/v1/set") {
      if (request.method !== "POST") throw methodNotAllowed("POST");
      return handleSet(request, response, context);
    }
    const bulkMatch = bulkPath.exec(pathname);
    if (bulkMatch) {
      if (request.method !== "POST") throw methodNotAllowed("POST");
      return bulk.handle(
        bulkMatch[1] as BulkRoute,
        bulkMatch[2] && decodeSessionId(bulkMatch[2]),
        request,
        response,
        context,
      );
    }
    if (pathname === "/_emulator/requests") {
      if (request.method !== "GET") throw methodNotAllowed("GET");
      return sendJson(response, 200, { requests: log.list() });
    }
    if (pathname === "/_emulator/query") {
      if (request.method !== "POST") throw methodNotAllowed("POST");
      const body = parseJsonBody(
        await readBody(request, 1024 * 1024, "send one SQL statement"),
      ) as { sql?: unknown };
      if (typeof body?.sql !== "string") throw new HttpError(400, 'send {"sql": "select …"}');
      await drain();
      try {
        return sendJson(response, 200, await warehouse.query(body.sql));
      } catch (error) {
        throw new HttpError(400, (error as Error).message);
      }
    }
    throw new HttpError(
      404,
      `no route ${request.method} ${pathname}; the emulator serves POST /v1/set and POST /v0/start, /v0/upload/<id>, /v0/finish/<id>, /v0/keep-alive/<id>`,
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const pathname = new URL(request.url ?? "/", "http://emulator").pathname;
    const entry: LoggedRequest = {
      time: new Date().toISOString(),
      method: request.method ?? "?",
      path: pathname,
      status: 0,
      ms: 0,
    };
    const context: RouteContext = { warehouse, queue, options: resolved, acceptedWriteKeys, entry };
    const finish = (status: number, message?: string) => {
      entry.status = status;
      entry.ms = performance.now() - started;
      if (message) entry.message = message;
      record(entry);
    };
    if (stopping) {
      sendJson(
        response,
        503,
        { message: "the emulator is stopping" },
        { connection: "close", "retry-after": "1" },
      );
      return finish(503);
    }
    if (!pathname.startsWith("/_emulator/") && faults.enabled) {
      const fault = faults.next();
      if (fault.kind === "reset") {
        entry.fault = "reset";
        request.socket.destroy();
        return finish(0);
      }
      if (fault.kind === "hang") {
        entry.fault = "hang";
        hanging.add(request.socket);
        request.socket.once("close", () => hanging.delete(request.socket));
        return finish(0);
      }
      if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.kind === "failure") {
        entry.fault = String(fault.status);
        request.resume();
        const headers: Record<string, string> =
          fault.status === 429 || fault.status === 503
            ? { "retry-after": String(fault.retryAfterSeconds) }
            : {};
        sendJson(response, fault.status, { message: `injected fault: ${fault.status}` }, headers);
        return finish(fault.status, "injected fault");
      }
    }
    try {
      await route(request, response, context, pathname);
      finish(response.statusCode);
    } catch (error) {
      const httpError =
        error instanceof HttpError
          ? error
          : new HttpError(500, `internal error: ${(error as Error).message}`);
      if (!(error instanceof HttpError))
        resolved.log?.(
          `internal error on ${request.method} ${pathname}: ${(error as Error).stack}`,
        );
      request.resume();
      sendError(response, httpError);
      finish(httpError.status, httpError.message);
    }
  }

  const server = createServer({ keepAliveTimeout: 5000 }, (request, response) => {
    handle(request, response).catch((error: Error) => {
      resolved.log?.(`internal error: ${error.stack}`);
      if (!response.headersSent) sendJson(response, 500, { message: "internal error" });
    });
  });
  server.on("clientError", answerClientError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(resolved.port, resolved.host, () => resolve());
    });
  } catch (error) {
    // An open warehouse keeps its file locked against every other process.
    await warehouse.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${resolved.host}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    async query(sql) {
      await drain();
      return warehouse.query(sql);
    },
    drain,
    requests: () => log.list(),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const socket of hanging) socket.destroy();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests in progress get a moment to finish; connections that never sent one do not
        // count as idle to Node, and would hold the stop until the client drops them.
        const grace = setTimeout(() => server.closeAllConnections(), 2000);
        grace.unref();
        await closed;
        clearTimeout(grace);
        await bulk.close();
        await queue.drain();
        await warehouse.close();
      })();
      return stopped;
    },
  };
}

/** A session id from the path; one that is not even valid percent-encoding names no session. */
function decodeSessionId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(404, `no session "${segment}": the id is not valid percent-encoding`);
  }
}

function methodNotAllowed(allowed: string): HttpError {
  return new HttpError(405, `use ${allowed} here`, { allow: allowed });
}
