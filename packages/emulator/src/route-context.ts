import type { ApplyQueue } from "./apply-queue.js";
import type { ResolvedOptions } from "./options.js";
import type { LoggedRequest } from "./request-log.js";
import type { Warehouse } from "./warehouse.js";

/** What a route handler gets besides the request and the response. */
export interface RouteContext {
  warehouse: Warehouse;
  queue: ApplyQueue;
  options: ResolvedOptions;
  acceptedWriteKeys: ReadonlySet<string> | undefined;
  /** The log entry of this request: handlers fill in `objects`. */
  entry: LoggedRequest;
}
