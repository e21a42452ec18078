import { bulkSessionTimeoutMs, maxBulkFileBytes, maxConcurrentBulkRequests } from "@segkit/runtime";
import type { FaultOptions } from "./faults.js";

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** The DuckDB file of the warehouse; ":memory:" (the default) keeps it in memory. */
  db?: string;
  /** Write keys accepted; default: any non-empty key. */
  writeKeys?: string[];
  /** Longest random delay, in ms, before an asynchronous /v1/set batch is applied (default 50). */
  asyncMaxDelayMs?: number;
  /** Largest /v1/set body accepted before 413 (default 8 MB). */
  maxSetBodyBytes?: number;
  /** Bulk API session expiry after the last call, in ms (001: 10 minutes). */
  sessionTimeoutMs?: number;
  /** Largest uncompressed upload before 413 (001: 512 MB). */
  maxBulkFileBytes?: number;
  /** Bulk requests in flight per write key before 429 (001: 20). */
  maxConcurrentBulkRequests?: number;
  /** Where bulk parts are kept until their session finishes (default: a temporary folder). */
  spoolDir?: string;
  faults?: FaultOptions;
  /** Seed of the asynchronous delays (faults have their own). */
  seed?: number;
  /** Receives one line per request; default: none. */
  log?: (line: string) => void;
  /** How many recent requests GET /_emulator/requests keeps (default 1,000). */
  requestLogSize?: number;
}

export type ResolvedOptions = Required<
  Omit<EmulatorOptions, "writeKeys" | "faults" | "log" | "spoolDir">
> &
  Pick<EmulatorOptions, "writeKeys" | "faults" | "log" | "spoolDir">;

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    db: options.db ?? ":memory:",
    asyncMaxDelayMs: options.asyncMaxDelayMs ?? 50,
    maxSetBodyBytes: options.maxSetBodyBytes ?? 8 * 1024 * 1024,
    sessionTimeoutMs: options.sessionTimeoutMs ?? bulkSessionTimeoutMs,
    maxBulkFileBytes: options.maxBulkFileBytes ?? maxBulkFileBytes,
    maxConcurrentBulkRequests: options.maxConcurrentBulkRequests ?? maxConcurrentBulkRequests,
    seed: options.seed ?? 1,
    requestLogSize: options.requestLogSize ?? 1000,
    ...(options.writeKeys && { writeKeys: options.writeKeys }),
    ...(options.faults && { faults: options.faults }),
    ...(options.log && { log: options.log }),
    ...(options.spoolDir && { spoolDir: options.spoolDir }),
  };
}
