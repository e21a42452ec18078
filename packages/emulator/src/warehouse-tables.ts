/**
 * The tables of the warehouse: which column each property lives in, the schema changes a batch of
 * objects needs, and the SQL that makes them and merges the rows (000 "De-dupe and merge").
 *
 * Column names. A property's column is named after it, unless DuckDB could not tell the two
 * apart from a column the table already has: identifiers are case-insensitive, so "Name" after
 * "name" (and "id", "received_at" or "updated_at", which the loader owns) gets the first free
 * name of "Name_2", "Name_3", …; neither property is dropped or merged into the other. Names
 * DuckDB cannot hold are spelled safely first: "" becomes "_", NUL becomes "_", a lone surrogate
 * becomes U+FFFD. A column whose name differs from its property records the property in its
 * comment, so the mapping survives a restart.
 *
 * Identifiers and string literals enter SQL text only through `identifier` and `stringLiteral`;
 * values are always bound as parameters.
 */
import { type DuckDBConnection } from "@duckdb/node-api";
import {
  classify,
  decodeList,
  encodeList,
  wellFormed,
  widen,
  wideningExpression,
  type Cell,
  type ColumnType,
  type PropertyValue,
  type StoredType,
} from "./warehouse-values.js";

/** The columns the loader owns in every table. */
export const reservedColumns = ["id", "received_at", "updated_at"] as const;

const propertyComment = "segkit property ";

export interface Column {
  readonly name: string;
  type: StoredType;
}

/** What the warehouse knows of one table, kept in memory instead of asking the catalog. */
export class TableSchema {
  /** Columns by the property they hold. */
  readonly columns = new Map<string, Column>();
  /** Every column name, folded as DuckDB compares them. */
  readonly taken = new Set<string>(reservedColumns);

  constructor(readonly name: string) {}
}

export function identifier(name: string): string {
  if (name.includes("\0"))
    throw new Error(`SQL identifiers cannot hold NUL: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

export function stringLiteral(text: string): string {
  if (text.includes("\0")) throw new Error(`SQL strings cannot hold NUL: ${JSON.stringify(text)}`);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * How DuckDB compares identifiers. It folds ASCII only; folding all of Unicode too can only
 * suffix a few names that did not need it, never let two columns clash.
 */
export function fold(name: string): string {
  return name.toLowerCase();
}

/** Reads every table's columns from the catalog, once at open and after a rollback. */
export async function loadSchemas(connection: DuckDBConnection): Promise<Map<string, TableSchema>> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = current_schema()
     ORDER BY table_name, column_index`,
  );
  const schemas = new Map<string, TableSchema>();
  for (const [table, column, dataType, comment] of reader.getRows() as (string | null)[][]) {
    const key = fold(table!);
    const schema = schemas.get(key) ?? new TableSchema(table!);
    schemas.set(key, schema);
    schema.taken.add(fold(column!));
    if ((reservedColumns as readonly string[]).includes(column!)) continue;
    const property = propertyOf(column!, comment);
    if (!schema.columns.has(property)) {
      schema.columns.set(property, { name: column!, type: storedType(dataType!) });
    }
  }
  return schemas;
}

/** The property a column holds: its name, or the one its comment records (see the top). */
function propertyOf(column: string, comment: string | null | undefined): string {
  if (!comment?.startsWith(propertyComment)) return column;
  try {
    const property: unknown = JSON.parse(comment.slice(propertyComment.length));
    return typeof property === "string" ? property : column;
  } catch {
    return column;
  }
}

function storedType(dataType: string): StoredType {
  if (dataType === "TIMESTAMP WITH TIME ZONE") return "TIMESTAMPTZ";
  const known: readonly string[] = ["BOOLEAN", "BIGINT", "DOUBLE", "DATE", "VARCHAR"];
  return known.includes(dataType) ? (dataType as ColumnType) : "OTHER";
}

interface Row {
  receivedAt: Date;
  /** Property → value, in the order sent; null sets NULL. */
  cells: Map<string, Cell | null>;
}

/**
 * A merge ready to run: the SQL (also the key to reuse its prepared statement) and its
 * parameters, each a JSON text.
 */
export interface Merge {
  sql: string;
  values: string[];
}

/**
 * The objects of one table in one transaction: the columns they add or widen, and one row per id,
 * the later objects of an id applied over the earlier ones.
 */
export class TableWrite {
  readonly #added = new Map<string, { name: string; type: ColumnType }>();
  readonly #widened = new Map<string, { from: StoredType; to: ColumnType }>();
  readonly #taken = new Set<string>();
  readonly #rows = new Map<string, Row>();

  constructor(
    readonly schema: TableSchema,
    readonly create: boolean,
  ) {}

  add(id: string, properties: Record<string, PropertyValue>, receivedAt: Date): void {
    const key = wellFormed(id);
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = { receivedAt, cells: new Map() }));
    row.receivedAt = receivedAt;
    for (const property of Object.keys(properties)) {
      const value = properties[property];
      // An unknown property sent as null: no column until a value arrives (the row reads NULL).
      if (value === null || value === undefined) {
        if (this.#typeOf(property, null) !== undefined) row.cells.set(property, null);
        continue;
      }
      const cell = classify(value);
      this.#typeOf(property, cell);
      row.cells.set(property, cell);
    }
  }

  /** The type the property's column will have once it holds `cell`; undefined: no column. */
  #typeOf(property: string, cell: Cell | null): StoredType | undefined {
    const added = this.#added.get(property);
    if (added) {
      if (cell) added.type = widen(added.type, cell);
      return added.type;
    }
    const column = this.schema.columns.get(property);
    if (column) {
      const current = this.#widened.get(property)?.to ?? column.type;
      // A NULL into a column a query gave another type: VARCHAR too, to bind it as we know how.
      const next = cell ? widen(current, cell) : current === "OTHER" ? "VARCHAR" : current;
      if (next !== column.type) this.#widened.set(property, { from: column.type, to: next });
      return next;
    }
    if (!cell) return undefined;
    const name = this.#freeName(property);
    this.#added.set(property, { name, type: cell.type });
    return cell.type;
  }

  #freeName(property: string): string {
    const base = wellFormed(property).replaceAll("\0", "_") || "_";
    let name = base;
    for (let n = 2; this.schema.taken.has(fold(name)) || this.#taken.has(fold(name)); n++) {
      name = `${base}_${n}`;
    }
    this.#taken.add(fold(name));
    return name;
  }

  /** The statements that bring the table to the columns this write needs, in order. */
  ddl(): string[] {
    const table = identifier(this.schema.name);
    const statements: string[] = [];
    if (this.create) {
      statements.push(
        `CREATE TABLE IF NOT EXISTS ${table} ("id" VARCHAR PRIMARY KEY, "received_at" TIMESTAMPTZ, "updated_at" TIMESTAMPTZ)`,
      );
    }
    for (const [property, { name, type }] of this.#added) {
      statements.push(`ALTER TABLE ${table} ADD COLUMN ${identifier(name)} ${type}`);
      if (name !== property) {
        const comment = propertyComment + JSON.stringify(property);
        statements.push(
          `COMMENT ON COLUMN ${table}.${identifier(name)} IS ${stringLiteral(comment)}`,
        );
      }
    }
    for (const [property, { from, to }] of this.#widened) {
      const column = identifier(this.schema.columns.get(property)!.name);
      statements.push(
        `ALTER TABLE ${table} ALTER COLUMN ${column} SET DATA TYPE ${to} USING ${wideningExpression(column, from, to)}`,
      );
    }
    return statements;
  }

  /**
   * One MERGE for all rows: an existing id gets the columns its objects carried (the others keep
   * their values), a new id is inserted. Values travel as one JSON array per column, unnested.
   */
  merge(updatedAt: Date): Merge {
    const rows = [...this.#rows];
    const seen = new Map<string, number>();
    for (const [, row] of rows) {
      for (const property of row.cells.keys()) seen.set(property, (seen.get(property) ?? 0) + 1);
    }
    const columns = [...seen]
      .map(([property, count]) => ({
        property,
        name: (this.#added.get(property) ?? this.schema.columns.get(property))!.name,
        type: this.#columnType(property),
        // Carried by some rows only: a flag per row says whether to set it.
        partial: count < rows.length,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const values = [
      JSON.stringify(rows.map(([id]) => id)),
      `[${rows.map(([, row]) => micros(row.receivedAt)).join(",")}]`,
      String(micros(updatedAt)),
    ];
    const source = [
      `unnest(from_json($1, '["VARCHAR"]')) AS k`,
      `make_timestamptz(unnest(from_json($2, '["BIGINT"]'))) AS r`,
      `make_timestamptz($3::BIGINT) AS u`,
    ];
    const set: string[] = [];
    columns.forEach(({ property, name, type, partial }, index) => {
      const column = identifier(name);
      values.push(
        encodeList(
          type,
          rows.map(([, row]) => row.cells.get(property)),
        ),
      );
      source.push(`${decodeList(type, values.length)} AS v${index}`);
      if (partial) {
        values.push(`[${rows.map(([, row]) => row.cells.has(property)).join(",")}]`);
        source.push(`${decodeList("BOOLEAN", values.length)} AS p${index}`);
        set.push(`${column} = CASE WHEN s.p${index} THEN s.v${index} ELSE t.${column} END`);
      } else {
        set.push(`${column} = s.v${index}`);
      }
    });
    const names = columns.map(({ name }) => identifier(name));
    const sql = [
      `MERGE INTO ${identifier(this.schema.name)} AS t`,
      `USING (SELECT ${source.join(", ")}) AS s ON t."id" = s.k`,
      `WHEN MATCHED THEN UPDATE SET ${[...set, `"received_at" = s.r`, `"updated_at" = s.u`].join(", ")}`,
      `WHEN NOT MATCHED THEN INSERT ("id", ${[...names, `"received_at"`, `"updated_at"`].join(", ")})`,
      `VALUES (s.k, ${[...columns.map((_, index) => `s.v${index}`), "s.r", "s.u"].join(", ")})`,
    ].join("\n");
    return { sql, values };
  }

  #columnType(property: string): ColumnType {
    const type =
      this.#added.get(property)?.type ??
      this.#widened.get(property)?.to ??
      this.schema.columns.get(property)!.type;
    // #typeOf widened every written "OTHER" column to VARCHAR.
    return type as ColumnType;
  }

  /** Records the committed changes in the schema. */
  commit(): void {
    for (const [property, { name, type }] of this.#added) {
      this.schema.columns.set(property, { name, type });
      this.schema.taken.add(fold(name));
    }
    for (const [property, { to }] of this.#widened) this.schema.columns.get(property)!.type = to;
  }
}

function micros(date: Date): bigint {
  return BigInt(date.getTime()) * 1000n;
}
