import { createReadStream } from "node:fs";
import { maxBulkObjectBytes } from "@segkit/runtime";
import type { BulkObject } from "./bulk-line.js";
import { ndjsonLines } from "./ndjson-lines.js";
import type { Warehouse, WarehouseObject } from "./warehouse.js";

/** A part on disk: the lines of one upload that passed the checks, one object per line. */
export interface SpooledPart {
  id: string;
  file: string;
  receivedAt: Date;
  objects: number;
}

/** A batch the warehouse refused, where it came from, and why. */
export interface ApplyFailure {
  partId: string;
  collection: string;
  /** Lines of the spooled part (blank lines of the upload are not counted). */
  firstLine: number;
  lastLine: number;
  objects: number;
  message: string;
}

export interface ApplyResult {
  applied: number;
  failures: ApplyFailure[];
}

/**
 * Applies spooled parts in order — part by part, line by line (001: "Guarantee in-order
 * processing of data") — reading each file as a stream. Consecutive objects of one collection
 * go to the warehouse together, at most `batchSize` at a time; a batch the warehouse refuses is
 * reported to `onFailure` and the next batches are still applied.
 */
export async function applyParts(
  warehouse: Warehouse,
  parts: readonly SpooledPart[],
  batchSize: number,
  onFailure: (failure: ApplyFailure) => void,
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, failures: [] };
  for (const part of parts) {
    let collection = "";
    let batch: WarehouseObject[] = [];
    let firstLine = 0;
    let lastLine = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const objects = batch;
      batch = [];
      try {
        await warehouse.apply(collection, objects, part.receivedAt);
        result.applied += objects.length;
      } catch (error) {
        const failure: ApplyFailure = {
          partId: part.id,
          collection,
          firstLine,
          lastLine,
          objects: objects.length,
          message: (error as Error).message,
        };
        result.failures.push(failure);
        onFailure(failure);
      }
    };
    for await (const lines of ndjsonLines(createReadStream(part.file), maxBulkObjectBytes)) {
      for (const line of lines) {
        // The lines were checked on upload.
        const object = JSON.parse(line.bytes.toString("utf8")) as BulkObject;
        if (object.collection !== collection || batch.length >= batchSize) {
          await flush();
          collection = object.collection;
          firstLine = line.number;
        }
        batch.push({ id: object.id, properties: object.properties });
        lastLine = line.number;
      }
    }
    await flush();
  }
  return result;
}
