import { parentPort, workerData } from "node:worker_threads";
import type { CheckOptions } from "./checks.js";
import { checkLines, type RecordOptions } from "./records.js";
import { loadValidatorSet } from "./validator-set.js";

/**
 * A worker thread of `segkit validate`: it loads the workspace's validators once, then checks the
 * NDJSON chunks the main thread sends, in the order they come, and posts each result back.
 */

export interface WorkerSetup {
  manifest: string;
  options: CheckOptions;
}

export interface ChunkRequest {
  id: number;
  bytes: Uint8Array;
  record: RecordOptions;
}

const setup = workerData as WorkerSetup;
const validators = await loadValidatorSet(setup.manifest);
const context = { validators, options: setup.options, recordLength: Infinity };

parentPort!.on("message", (request: ChunkRequest) => {
  try {
    const result = checkLines(request.bytes, request.record, context);
    parentPort!.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) });
  }
});
parentPort!.postMessage({ ready: true });
