/**
 * The emulator's warehouse: one DuckDB table per collection, merged by object id, as Segment's
 * warehouse loaders do (000 "De-dupe and merge"). Column types and widening are described in
 * warehouse-values.ts, column names in warehouse-tables.ts.
 *
 * Every table has `id` (VARCHAR PRIMARY KEY), one column per property seen, and:
 * - `received_at`: when the row's latest version was received (the `receivedAt` of the latest
 *   `apply` that carried the id);
 * - `updated_at`: when the warehouse wrote that version (the time its transaction began).
 *
 * Writes go through one connection, one transaction at a time, in the order `apply` was called.
 * Calls that arrive while a transaction runs are merged into the next one (group commit): the
 * same rows result as applying them one by one, with one commit instead of many. `apply` resolves
 * only once its transaction committed, so acknowledged objects survive a crash (DuckDB's WAL);
 * `close` checkpoints. Queries run on connections of their own, beside the writes.
 */
import {
  DuckDBInstance,
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from "@duckdb/node-api";
import { TableSchema, TableWrite, fold, loadSchemas } from "./warehouse-tables.js";
import { jsonValue, type PropertyValue } from "./warehouse-values.js";

export type { PropertyValue } from "./warehouse-values.js";

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
  /**
   * Runs one SQL statement and returns its rows. Reads run beside the writes; other statements
   * wait for their turn among the writes. DuckDB's errors reject as a `WarehouseError` with
   * DuckDB's message.
   */
  query(sql: string): Promise<QueryResult>;
  /** Applies what was already accepted, checkpoints and closes the database; later calls reject. */
  close(): Promise<void>;
}

export interface WarehouseOptions {
  /** The clock for `updated_at`; tests pass their own. */
  now?: () => Date;
  /** At most this many objects per transaction when calls are merged (one call is never split). */
  maxObjectsPerTransaction?: number;
}

/** Why the warehouse refused or failed, with a stable code. */
export class WarehouseError extends Error {
  constructor(
    readonly code:
      | "SEGKIT_WAREHOUSE_OPEN"
      | "SEGKIT_WAREHOUSE_CLOSED"
      | "SEGKIT_WAREHOUSE_QUERY"
      | "SEGKIT_WAREHOUSE_APPLY",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WarehouseError";
  }
}

/** Opens (or creates) the warehouse in a DuckDB file, or in memory for ":memory:". */
export async function openWarehouse(
  path: string,
  options: WarehouseOptions = {},
): Promise<Warehouse> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    throw new WarehouseError(
      "SEGKIT_WAREHOUSE_OPEN",
      `cannot open the warehouse ${JSON.stringify(path)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const writer = await instance.connect();
  // Warehouses keep time in UTC; without this, SQL like `received_at::DATE` would follow the
  // machine's zone (query results do not: they carry instants, in ISO form with "Z").
  await writer.run("SET GLOBAL TimeZone = 'UTC'");
  return new DuckDBWarehouse(instance, writer, await loadSchemas(writer), options);
}

interface ApplyJob {
  kind: "apply";
  collection: string;
  objects: readonly WarehouseObject[];
  receivedAt: Date;
  done: (error?: Error) => void;
}

/** A statement from `query` that may write: it runs alone, between applies. */
interface ExclusiveJob {
  kind: "exclusive";
  run: () => Promise<void>;
}

class DuckDBWarehouse implements Warehouse {
  readonly #jobs: (ApplyJob | ExclusiveJob)[] = [];
  readonly #statements = new StatementCache();
  readonly #queries = new Set<Promise<unknown>>();
  readonly #now: () => Date;
  readonly #maxObjects: number;
  #writing: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    /** By folded table name: DuckDB would not tell "Rooms" from "rooms" either. */
    private schemas: Map<string, TableSchema>,
    options: WarehouseOptions,
  ) {
    this.#now = options.now ?? (() => new Date());
    this.#maxObjects = options.maxObjectsPerTransaction ?? 10_000;
  }

  apply(collection: string, objects: readonly WarehouseObject[], receivedAt: Date): Promise<void> {
    if (this.#closing) return Promise.reject(closedError());
    if (objects.length === 0) return Promise.resolve();
    if (collection === "" || collection.includes("\0")) {
      return Promise.reject(
        new WarehouseError(
          "SEGKIT_WAREHOUSE_APPLY",
          `${JSON.stringify(collection)} cannot name a table`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => (error ? reject(error) : resolve());
      this.#enqueue({ kind: "apply", collection, objects, receivedAt, done });
    });
  }

  async query(sql: string): Promise<QueryResult> {
    if (this.#closing) throw closedError();
    const running = this.#query(sql);
    this.#queries.add(running);
    try {
      return await running;
    } finally {
      this.#queries.delete(running);
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      // A query's write may still join the queue while it drains.
      while (this.#writing || this.#queries.size > 0) {
        await this.#writing;
        await Promise.allSettled(this.#queries);
      }
      try {
        await this.writer.run("CHECKPOINT");
      } finally {
        this.#statements.clear();
        this.writer.disconnectSync();
        this.instance.closeSync();
      }
    })();
    return this.#closing;
  }

  async #query(sql: string): Promise<QueryResult> {
    const connection = await this.instance.connect();
    let prepared: DuckDBPreparedStatement | undefined;
    try {
      // DuckDB refuses several statements, or none, with a message of its own.
      const statement = (prepared = await connection.prepare(sql));
      const read = () => readResult(statement);
      if (readOnlyStatements.includes(statement.statementType)) return await read();
      return await this.#exclusive(read);
    } catch (error) {
      throw new WarehouseError("SEGKIT_WAREHOUSE_QUERY", (error as Error).message, {
        cause: error,
      });
    } finally {
      prepared?.destroySync();
      connection.disconnectSync();
    }
  }

  /** Runs a statement that may write between two transactions, then rereads the schemas. */
  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue({
        kind: "exclusive",
        run: async () => {
          const settle = await run().then(
            (result) => () => resolve(result),
            (error: unknown) => () => reject(error),
          );
          try {
            await this.#reload();
          } finally {
            settle();
          }
        },
      });
    });
  }

  #enqueue(job: ApplyJob | ExclusiveJob): void {
    this.#jobs.push(job);
    this.#writing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    // Calls made in the same tick as the first join its transaction.
    await null;
    try {
      await this.#drainJobs();
    } finally {
      // Calls that arrived after the last look at the queue start the next round.
      this.#writing = this.#jobs.length > 0 ? this.#drain() : undefined;
    }
  }

  async #drainJobs(): Promise<void> {
    while (this.#jobs.length > 0) {
      const first = this.#jobs.shift()!;
      if (first.kind === "exclusive") {
        await first.run().catch(() => undefined);
        continue;
      }
      // Group commit: the applies waiting behind this one join its transaction.
      const group = [first];
      let objects = first.objects.length;
      while (
        this.#jobs[0]?.kind === "apply" &&
        objects + this.#jobs[0].objects.length <= this.#maxObjects
      ) {
        const next = this.#jobs.shift() as ApplyJob;
        objects += next.objects.length;
        group.push(next);
      }
      try {
        await this.#write(group);
        for (const job of group) job.done();
      } catch (error) {
        if (group.length === 1) first.done(applyError(first, error));
        // One call's failure must not fail the others: each on its own, in order.
        else
          for (const job of group)
            await this.#write([job]).then(
              () => job.done(),
              (e) => job.done(applyError(job, e)),
            );
      }
    }
  }

  async #write(jobs: readonly ApplyJob[]): Promise<void> {
    const writes = new Map<string, TableWrite>();
    for (const { collection, objects, receivedAt } of jobs) {
      const key = fold(collection);
      let write = writes.get(key);
      if (!write) {
        const schema = this.schemas.get(key);
        write = new TableWrite(schema ?? new TableSchema(collection), schema === undefined);
        writes.set(key, write);
      }
      for (const object of objects) write.add(object.id, object.properties, receivedAt);
    }
    const updatedAt = this.#now();
    const ddl = [...writes.values()].flatMap((write) => write.ddl());
    // One statement commits on its own; DDL and several tables need a transaction around them.
    const transaction = ddl.length > 0 || writes.size > 1;
    try {
      // DuckDB cannot change a column's type after rows changed in the same transaction: DDL first.
      if (transaction) await this.writer.run(["BEGIN TRANSACTION", ...ddl].join(";\n"));
      for (const write of writes.values()) {
        const { sql, values } = write.merge(updatedAt);
        const statement = await this.#statements.get(this.writer, sql);
        statement.bind(values);
        await statement.run();
      }
      if (transaction) await this.writer.run("COMMIT");
    } catch (error) {
      if (transaction) await this.writer.run("ROLLBACK").catch(() => undefined);
      // The catalog is back where it was; the statements prepared in the transaction are not.
      await this.#reload().catch(() => undefined);
      throw error;
    }
    for (const [key, write] of writes) {
      write.commit();
      this.schemas.set(key, write.schema);
    }
  }

  /** Reads the schemas from the catalog again: after a rollback, or a query that may have changed them. */
  async #reload(): Promise<void> {
    this.#statements.clear();
    this.schemas = await loadSchemas(this.writer);
  }
}

/** Prepared MERGE statements by their SQL, most recently used last, at most `limit` kept. */
class StatementCache {
  readonly #statements = new Map<string, DuckDBPreparedStatement>();

  constructor(private readonly limit = 64) {}

  async get(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql);
    } else {
      statement = await connection.prepare(sql);
      if (this.#statements.size >= this.limit) {
        const [oldest, evicted] = this.#statements.entries().next().value!;
        this.#statements.delete(oldest);
        evicted.destroySync();
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  clear(): void {
    for (const statement of this.#statements.values()) statement.destroySync();
    this.#statements.clear();
  }
}

/** Statements `query` runs beside the writes; any other may change data or tables. */
const readOnlyStatements: readonly StatementType[] = [StatementType.SELECT, StatementType.EXPLAIN];

async function readResult(statement: DuckDBPreparedStatement): Promise<QueryResult> {
  const reader = await statement.runAndReadAll();
  return {
    columns: reader.columnNames().map((name, index) => ({
      name,
      type: reader.columnType(index).toString(),
    })),
    rows: reader.getRows().map((row) => row.map(jsonValue)),
  };
}

function closedError(): WarehouseError {
  return new WarehouseError("SEGKIT_WAREHOUSE_CLOSED", "the warehouse is closed");
}

function applyError(job: ApplyJob, error: unknown): WarehouseError {
  return new WarehouseError(
    "SEGKIT_WAREHOUSE_APPLY",
    `cannot apply ${job.objects.length} objects to ${JSON.stringify(job.collection)}: ${(error as Error).message}`,
    { cause: error },
  );
}
