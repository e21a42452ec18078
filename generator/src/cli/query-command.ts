import { existsSync } from "node:fs";
import path from "node:path";
import type { Argv } from "yargs";
import type { QueryResult } from "@segkit/emulator";
import { UsageError } from "../errors.js";
import { defaultDb } from "./dev-command.js";
import { readDevState } from "./dev-state.js";
import { exitCodes, type CliIo } from "./io.js";
import { formatTable } from "./table.js";

export interface QueryCommandOptions {
  sql: string;
  db: string;
  format: "table" | "json";
}

/**
 * `segkit query`: runs SQL on the emulator's warehouse. While `segkit dev` runs on the file, the
 * query goes through it (DuckDB lets one process hold a file); otherwise the file is opened here.
 */
export async function runQueryCommand(options: QueryCommandOptions, io: CliIo): Promise<number> {
  const db = path.resolve(io.cwd, options.db);
  const running = readDevState(db);
  let result: QueryResult;
  if (running) {
    let answer;
    try {
      answer = await queryThrough(running.url, options.sql);
    } catch (error) {
      throw new UsageError(
        `segkit dev (pid ${running.pid}) serves ${options.db} at ${running.url} but did not answer (${(error as Error).message}); check that it is still running, or stop it and query the file`,
      );
    }
    if ("message" in answer) {
      io.stderr.write(`segkit: the query failed: ${answer.message}\n`);
      return exitCodes.problems;
    }
    result = answer;
  } else {
    if (!existsSync(db)) {
      throw new UsageError(
        `there is no warehouse at ${options.db}; start the emulator with segkit dev (it writes ${options.db}), or pass --db <file>`,
      );
    }
    // Loaded on use, as in segkit dev: DuckDB is this command's alone.
    const { openWarehouse } = await import("@segkit/emulator");
    let warehouse;
    try {
      warehouse = await openWarehouse(db);
    } catch (error) {
      throw new UsageError(
        `cannot open ${options.db}: ${(error as Error).message}; if segkit dev is starting on it, wait for it and run the query again`,
      );
    }
    try {
      result = await warehouse.query(options.sql);
    } catch (error) {
      io.stderr.write(`segkit: the query failed: ${(error as Error).message}\n`);
      return exitCodes.problems;
    } finally {
      await warehouse.close();
    }
  }
  if (options.format === "json") {
    const names = result.columns.map((c) => c.name);
    const objects = result.rows.map((row) =>
      Object.fromEntries(names.map((name, i) => [name, row[i]])),
    );
    io.stdout.write(JSON.stringify(objects, null, 2) + "\n");
  } else {
    io.stdout.write(
      formatTable(
        result.columns.map((c) => c.name),
        result.rows,
      ),
    );
  }
  return exitCodes.ok;
}

async function queryThrough(url: string, sql: string): Promise<QueryResult | { message: string }> {
  const { request } = await import("undici");
  const response = await request(`${url}/_emulator/query`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sql }),
  });
  const body = (await response.body.json()) as QueryResult & { message?: string };
  if (response.statusCode !== 200)
    return { message: body.message ?? `HTTP ${response.statusCode}` };
  return body;
}

export function queryOptions(y: Argv) {
  return y
    .positional("sql", {
      type: "string",
      describe: 'One SQL statement, e.g. "select * from rooms"',
    })
    .option("db", {
      type: "string",
      default: defaultDb,
      describe: "The warehouse file segkit dev writes",
    })
    .option("format", {
      alias: "f",
      choices: ["table", "json"],
      default: "table",
      describe: "table (aligned text) or json (an array of row objects)",
    })
    .example(
      'segkit query "select id, name, review_count from rooms"',
      "the merged rows of the rooms collection",
    )
    .example('segkit query "show tables"', "the collections the warehouse holds");
}
