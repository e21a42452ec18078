import { mkdirSync } from "node:fs";
import type { Argv } from "yargs";
import path from "node:path";
import type { EmulatorOptions } from "@segkit/emulator";
import { UsageError } from "../errors.js";
import type { CliIo } from "./io.js";
import { exitCodes } from "./io.js";
import { removeDevState, writeDevState } from "./dev-state.js";

/** The options as yargs gives them (camel-cased). */
export interface DevCommandOptions {
  port: number;
  db: string;
  writeKey: string[];
  seed: number;
  failRate: number;
  failStatus: number[];
  retryAfter: number;
  latency: number;
  resetRate: number;
  hangRate: number;
  asyncDelay: number;
  sessionTimeout: number;
}

/** `segkit dev`: runs the emulator until SIGINT or SIGTERM, then stops it cleanly (exit 0). */
export async function runDevCommand(
  options: DevCommandOptions,
  io: CliIo,
  signal?: AbortSignal,
): Promise<number> {
  const db = options.db === ":memory:" ? ":memory:" : path.resolve(io.cwd, options.db);
  if (db !== ":memory:") mkdirSync(path.dirname(db), { recursive: true });
  const emulatorOptions: EmulatorOptions = {
    port: options.port,
    db,
    seed: options.seed,
    asyncMaxDelayMs: options.asyncDelay,
    sessionTimeoutMs: options.sessionTimeout * 1000,
    log: (line) => io.stdout.write(`${line}\n`),
    faults: {
      failureRate: options.failRate,
      statuses: options.failStatus,
      retryAfterSeconds: options.retryAfter,
      latencyMs: options.latency,
      resetRate: options.resetRate,
      hangRate: options.hangRate,
      seed: options.seed,
    },
    ...(options.writeKey.length > 0 && { writeKeys: options.writeKey }),
  };
  let emulator;
  try {
    // Loaded on use: DuckDB's native module would slow every other command's start.
    const { startEmulator } = await import("@segkit/emulator");
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new UsageError(
        `port ${options.port} is in use; pass --port <n> (or 0 for any free port)`,
      );
    throw new UsageError(`could not start the emulator: ${(error as Error).message}`);
  }
  if (db !== ":memory:") writeDevState(db, { url: emulator.url, pid: process.pid });
  const key = options.writeKey[0] ?? "dev";
  const shownDb =
    db === ":memory:" ? "in memory (gone when this stops)" : path.relative(io.cwd, db) || db;
  io.stdout.write(
    [
      `segkit dev: Segment emulator on ${emulator.url}`,
      `  Objects API  POST ${emulator.url}/v1/set`,
      `  Bulk API     POST ${emulator.url}/v0/start, /v0/upload/<id>, /v0/finish/<id>, /v0/keep-alive/<id>`,
      `  write key    ${options.writeKey.length > 0 ? options.writeKey.join(", ") : `any non-empty key, e.g. "${key}"`}`,
      `  warehouse    ${shownDb}`,
      `  try          curl ${emulator.url}/v1/set -u ${key}: -H 'Content-Type: application/json' -d '{"collection":"rooms","objects":[{"id":"2561341","properties":{"name":"Charming Beach Room Facing Ocean","review_count":47}}]}'`,
      db === ":memory:"
        ? `               (the warehouse is in memory: segkit query needs --db <file>)`
        : `               segkit query "select * from rooms"${options.db === defaultDb ? "" : ` --db ${shownDb}`}`,
      `Stop with Ctrl-C.`,
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    signal?.addEventListener("abort", stop, { once: true });
  });
  io.stdout.write("segkit dev: stopping — applying accepted objects, closing the warehouse\n");
  await emulator.stop();
  if (db !== ":memory:") removeDevState(db);
  io.stdout.write("segkit dev: stopped\n");
  return exitCodes.ok;
}

/** The default warehouse file of `segkit dev` and `segkit query`, relative to where they run. */
export const defaultDb = ".segkit/warehouse.duckdb";

export function devOptions(y: Argv) {
  const fraction = (name: string) => (value: number) => {
    if (!(value >= 0 && value <= 1))
      throw new UsageError(`--${name} is a fraction from 0 to 1, not ${String(value)}`);
    return value;
  };
  return y
    .option("port", {
      alias: "p",
      type: "number",
      default: 4710,
      describe: "Port on 127.0.0.1 (0: any free port)",
    })
    .option("db", {
      type: "string",
      default: defaultDb,
      describe: 'The DuckDB warehouse file; ":memory:" keeps nothing',
    })
    .option("write-key", {
      alias: "k",
      type: "string",
      array: true,
      default: [] as string[],
      describe: "Accept only these write keys (repeatable; default: any non-empty key)",
    })
    .option("async-delay", {
      type: "number",
      default: 50,
      describe: "Longest delay, in ms, before an object sent without Synchronous: true is applied",
    })
    .option("session-timeout", {
      type: "number",
      default: 600,
      describe: "Bulk API session expiry after the last call, in seconds (001: 10 minutes)",
    })
    .option("fail-rate", {
      type: "number",
      default: 0,
      coerce: fraction("fail-rate"),
      describe: "Fraction of requests answered with a failure status (fault injection)",
    })
    .option("fail-status", {
      type: "number",
      array: true,
      default: [500, 503, 429],
      describe: "Statuses injected failures answer with",
    })
    .option("retry-after", {
      type: "number",
      default: 1,
      describe: "Retry-After seconds sent with injected 429 and 503",
    })
    .option("latency", {
      type: "number",
      default: 0,
      describe: "Added latency in ms for every request",
    })
    .option("reset-rate", {
      type: "number",
      default: 0,
      coerce: fraction("reset-rate"),
      describe: "Fraction of requests whose connection is reset",
    })
    .option("hang-rate", {
      type: "number",
      default: 0,
      coerce: fraction("hang-rate"),
      describe: "Fraction of requests never answered",
    })
    .option("seed", {
      type: "number",
      default: 1,
      describe: "Seed of injected faults and delays: the same seed, the same run",
    })
    .example("segkit dev", "serve on 127.0.0.1:4710, warehouse in .segkit/warehouse.duckdb")
    .example(
      "segkit dev --fail-rate 0.3 --latency 20 --seed 7",
      "a flaky Segment, the same way every run",
    );
}
