import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import type { RouteContext } from "./route-context.js";
import type { Warehouse } from "./warehouse.js";

export type BulkRoute = "start" | "upload" | "finish" | "keep-alive";

/**
 * The Objects Bulk API (001). CONTRACT STUB: the sessions land with the bulk work.
 */
export class BulkApi {
  constructor(
    readonly warehouse: Warehouse,
    readonly options: ResolvedOptions,
  ) {}

  async handle(
    route: BulkRoute,
    _id: string | undefined,
    _request: IncomingMessage,
    _response: ServerResponse,
    _context: RouteContext,
  ): Promise<void> {
    throw new HttpError(501, `the emulator does not serve /v0/${route} yet`);
  }

  /** Ends every session's timers, waits for finishing sessions, removes spooled parts. */
  async close(): Promise<void> {}
}
