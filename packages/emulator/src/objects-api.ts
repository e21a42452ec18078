import type { IncomingMessage, ServerResponse } from "node:http";
import { writeKeyOf } from "./auth.js";
import { parseJsonBody, readBody, requireJson, sendJson } from "./http.js";
import { parseSetRequest } from "./objects-payload.js";
import type { RouteContext } from "./route-context.js";

/**
 * `POST /v1/set` (000): Basic auth, JSON, 1 to 10 objects of one collection. With
 * `Synchronous: true` the objects are in the warehouse when the answer comes; without it they are
 * queued and applied shortly after, possibly out of order with other requests.
 */
export async function handleSet(
  request: IncomingMessage,
  response: ServerResponse,
  context: RouteContext,
): Promise<void> {
  writeKeyOf(request, context.acceptedWriteKeys);
  requireJson(request);
  const body = await readBody(request, context.options.maxSetBodyBytes);
  const { collection, objects } = parseSetRequest(parseJsonBody(body));
  context.entry.objects = objects.length;
  const receivedAt = new Date();
  if (isSynchronous(request)) {
    await context.warehouse.apply(collection, objects, receivedAt);
  } else {
    context.queue.enqueue(collection, objects, receivedAt);
  }
  sendJson(response, 200, { success: true });
}

function isSynchronous(request: IncomingMessage): boolean {
  return request.headers["synchronous"]?.toString().trim().toLowerCase() === "true";
}
