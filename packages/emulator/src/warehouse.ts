/**
 * The emulator's warehouse: one DuckDB table per collection, merged by object id, as Segment's
 * warehouse loaders do (000 "De-dupe and merge").
 *
 * THIS FILE IS A CONTRACT STUB: the implementation lands with the warehouse work.
 */

/** A property value as the Objects API takes it (000): no lists, no objects. */
export type PropertyValue = string | number | boolean | null;

export interface WarehouseObject {
  id: string;
  properties: Record<string, PropertyValue>;
}

/** A query result, with values made JSON-friendly (timestamps as ISO strings, BIGINT as number or string). */
export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export interface Warehouse {
  /**
   * Applies objects of one collection in one transaction, in order: creates the table on first
   * use, adds a column for each new property, and merges by id (a later set updates the
   * properties it carries and keeps the rest). Resolves once the data is durable.
   */
  apply(collection: string, objects: readonly WarehouseObject[], receivedAt: Date): Promise<void>;
  /** Runs one SQL statement and returns its rows. */
  query(sql: string): Promise<QueryResult>;
  /** Flushes and closes the database; later calls reject. */
  close(): Promise<void>;
}

export declare function openWarehouse(path: string): Promise<Warehouse>;
