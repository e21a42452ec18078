import yargs, { type Argv } from "yargs";
import { rules } from "../check/rules/index.js";
import { SegkitError, UsageError } from "../errors.js";
import {
  formatNames,
  validateFormatNames,
  type FormatName,
  type ValidateFormatName,
} from "../report/index.js";
import { version } from "../version.js";
import { runCheckCommand } from "./check-command.js";
import { devOptions, runDevCommand, type DevCommandOptions } from "./dev-command.js";
import { queryOptions, runQueryCommand } from "./query-command.js";
import { exitCodes, processIo, type CliIo } from "./io.js";
import { describeUsageProblem } from "./usage-message.js";
import { validateRules } from "../validate/rules.js";

const commandNames = ["check", "generate", "validate", "dev", "query"];

/** Runs the segkit CLI on `args` and returns the exit code; never throws, never prints a stack trace. */
export async function main(args: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const fail = (message: string) => {
    io.stderr.write(`segkit: ${message}\n`);
    exitCode = exitCodes.usage;
  };
  const cli = yargs(args)
    .scriptName("segkit")
    .usage(
      "segkit <command> [options]\n\nCheck Segment schema workspaces and generate typed clients from them.",
    )
    .command(
      "check [paths..]",
      "Check the workspace's schema files and report problems",
      (y: Argv) => checkOptions(y),
      (argv) => {
        exitCode = runCheckCommand(
          {
            paths: (argv.paths as string[] | undefined) ?? [],
            format: argv.format as FormatName,
            maxWarnings: argv["max-warnings"] as number,
            fix: argv.fix as boolean,
            ...(argv.config !== undefined && { config: argv.config as string }),
            ...(argv.color !== undefined && { color: argv.color as boolean }),
            ...(argv["output-file"] !== undefined && { outputFile: argv["output-file"] as string }),
          },
          io,
        );
      },
    )
    .command(
      "generate",
      "Generate a typed client package per collection and one for the tracking plan",
      (y: Argv) =>
        y
          .option("check", {
            describe:
              "Write nothing; exit 1 and name the files when the output on disk is not what generation gives (for CI)",
            type: "boolean",
            default: false,
          })
          .option("watch", {
            alias: "w",
            describe:
              "Generate, then regenerate the packages a schema change affects, until Ctrl-C",
            type: "boolean",
            default: false,
          })
          .option("config", {
            requiresArg: true,
            describe: "The segkit.config.json to use (default: found from the current folder up)",
            type: "string",
          })
          .option("color", { describe: "Colour diagnostics (default: on a TTY)", type: "boolean" }),
      async (argv) => {
        if (argv.check && argv.watch)
          throw new UsageError(
            "--check and --watch do not go together: --check is for CI, --watch for editing",
          );
        // Loaded on use: ts-morph, prettier and the generators would slow every other command's start.
        const { runGenerateCommand } = await import("./generate-command.js");
        exitCode = await runGenerateCommand(
          {
            check: argv.check as boolean,
            watch: argv.watch as boolean,
            ...(argv.config !== undefined && { config: argv.config as string }),
            ...(argv.color !== undefined && { color: argv.color as boolean }),
          },
          io,
        );
      },
    )
    .command(
      "validate <inputs..>",
      "Validate payload files (Objects API requests, Bulk NDJSON, Segment messages) against the workspace",
      (y: Argv) => validateOptions(y),
      async (argv) => {
        // Loaded on use, like generate: worker threads and validators are this command's alone.
        const { runValidateCommand } = await import("./validate-command.js");
        exitCode = await runValidateCommand(
          {
            inputs: argv.inputs as string[],
            format: argv.format as ValidateFormatName,
            maxErrors: argv["max-errors"] as number,
            unknownEvents: argv["unknown-events"] as "error" | "warning" | "off",
            threads: argv.threads as number | "auto",
            ...(argv.kind !== undefined && { kind: argv.kind as "objects" | "bulk" | "event" }),
            ...(argv.collection !== undefined && { collection: argv.collection as string }),
            ...(argv.config !== undefined && { config: argv.config as string }),
            ...(argv["output-file"] !== undefined && { outputFile: argv["output-file"] as string }),
            ...(argv.color !== undefined && { color: argv.color as boolean }),
            ...(argv.progress !== undefined && { progress: argv.progress as boolean }),
          },
          io,
        );
      },
    )
    .command(
      "dev",
      "Run a local Segment (Objects API, Bulk API) writing into an embedded DuckDB warehouse",
      (y: Argv) => devOptions(y),
      async (argv) => {
        exitCode = await runDevCommand(argv as unknown as DevCommandOptions, io);
      },
    )
    .command(
      "query <sql>",
      "Run SQL on the emulator's warehouse (through segkit dev while it runs) and print the rows",
      (y: Argv) => queryOptions(y),
      async (argv) => {
        exitCode = await runQueryCommand(
          {
            sql: argv.sql as string,
            db: argv.db as string,
            format: argv.format as "table" | "json",
          },
          io,
        );
      },
    )
    .demandCommand(1, "say which command to run, e.g. segkit check")
    .strict()
    .version(version)
    .alias("v", "version")
    .help()
    .alias("h", "help")
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      // Throwing stops yargs before any command handler runs.
      if (error && error.name !== "YError") throw error;
      throw new UsageError(
        describeUsageProblem(message ?? error?.message ?? "", args, {
          commands: commandNames,
          options: knownOptions(cli),
        }),
      );
    });
  skipHelpCache(cli);
  try {
    let output = "";
    await cli.parseAsync(args, {}, (_error, _argv, text) => {
      output = text;
    });
    if (output) io.stdout.write(output + "\n");
  } catch (error) {
    if (error instanceof SegkitError) {
      fail(error.message);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(
        `segkit: internal error: ${message}\nThis is a bug in segkit; please report it with the command you ran.${io.env.SEGKIT_DEBUG ? `\n${(error as Error).stack}` : " (SEGKIT_DEBUG=1 shows the stack.)"}\n`,
      );
      exitCode = exitCodes.usage;
    }
  }
  return exitCode;
}

/**
 * yargs renders a command's whole help as soon as the command's handler has started, in case the
 * handler calls showHelp() later. segkit's handlers never do, and the rendering (every option and
 * rule, wrapped word by word) took about 70 ms of each run's start. `--help` renders it as before.
 * The usage object is yargs' own (not in its typings); if a version lacks it, nothing changes.
 */
function skipHelpCache(cli: Argv): void {
  type Usage = { cacheHelpMessage?: () => void };
  const internal = cli as Argv & { getInternalMethods?: () => { getUsageInstance?: () => Usage } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** yargs keeps every option it was told of, the command's too, in getOptions() (not in its typings). */
function knownOptions(cli: Argv): string[] {
  const withOptions = cli as Argv & { getOptions?: () => { key: Record<string, unknown> } };
  return Object.keys(withOptions.getOptions?.().key ?? {});
}

/** --config, as check and validate take it. */
const configOption = {
  requiresArg: true,
  alias: "c",
  describe: "Path to segkit.config.json (default: the nearest one in this folder or above)",
  type: "string",
} as const;

function checkOptions(y: Argv) {
  const ruleList = describeRules(rules);
  return y
    .positional("paths", {
      describe:
        "Schema files or folders to report on (default: every schema file of the workspace). The whole workspace is read either way, for $ref and duplicates.",
      type: "string",
      array: true,
    })
    .option("format", {
      requiresArg: true,
      alias: "f",
      describe:
        "How to print diagnostics: pretty (code frames, for people), json (stable, for tools), github (GitHub Actions annotations), sarif (SARIF 2.1.0, for code scanning)",
      choices: formatNames,
      default: "pretty" as FormatName,
    })
    .option("max-warnings", {
      requiresArg: true,
      describe: "Exit 1 when there are more warnings than this; -1 never fails on warnings",
      type: "number",
      default: -1,
      coerce: (value: number) => {
        if (!Number.isInteger(value) || value < -1) {
          throw new UsageError(
            `--max-warnings takes a whole number of 0 or more (or -1), not ${String(value)}`,
          );
        }
        return value;
      },
    })
    .option("fix", {
      describe:
        "Apply the fixes diagnostics offer (renames, limits), write the files, and report what is left",
      type: "boolean",
      default: false,
    })
    .option("config", configOption)
    .option("output-file", {
      requiresArg: true,
      alias: "o",
      describe: "Write the report to this file instead of standard output",
      type: "string",
    })
    .option("color", {
      describe:
        "Colour the pretty format (default: only when standard output is a terminal; NO_COLOR and FORCE_COLOR are honoured)",
      type: "boolean",
    })
    .example("segkit check", "check every schema of the workspace")
    .example(
      "segkit check schemas/collections --format github",
      "annotate a pull request from a GitHub Actions step",
    )
    .example("segkit check --format sarif -o segkit.sarif", "write a SARIF log for code scanning")
    .epilog(
      `Exit codes: 0 no errors (and warnings within --max-warnings), 1 problems found, 2 usage or configuration problems.\n\nRules (set their severity under "rules" in segkit.config.json: "error", "warning" or "off"):\n${ruleList}`,
    );
}

function validateOptions(y: Argv) {
  const ruleList = describeRules(validateRules);
  return y
    .positional("inputs", {
      describe:
        "Payload files, folders (their .json, .ndjson and .jsonl files, gzip'd or not) or globs",
      type: "string",
      array: true,
    })
    .option("format", {
      requiresArg: true,
      alias: "f",
      describe:
        "How to print problems: pretty (for people), json (stable, for tools), github (GitHub Actions annotations), sarif (SARIF 2.1.0), junit (JUnit XML, one test case per file)",
      choices: validateFormatNames,
      default: "pretty" as ValidateFormatName,
    })
    .option("max-errors", {
      requiresArg: true,
      describe:
        "Show at most this many problems (all are counted in the summary); 0 shows every one",
      type: "number",
      default: 1000,
      coerce: (value: number) => {
        if (!Number.isInteger(value) || value < 0)
          throw new UsageError(
            `--max-errors takes a whole number of 0 or more, not ${String(value)}`,
          );
        return value;
      },
    })
    .option("kind", {
      requiresArg: true,
      describe:
        "What the files hold, when their content and extension do not say: objects (Objects API request bodies), bulk (Bulk API NDJSON lines), event (Segment messages)",
      choices: ["objects", "bulk", "event"],
    })
    .option("collection", {
      requiresArg: true,
      describe:
        "Every object must be of this collection; objects that name none are checked against it",
      type: "string",
    })
    .option("unknown-events", {
      requiresArg: true,
      describe: "How to report a track event that the tracking plan does not name",
      choices: ["error", "warning", "off"],
      default: "warning",
    })
    .option("threads", {
      requiresArg: true,
      describe:
        "Worker threads for NDJSON files of 8 MB or more: a number (0 checks on the main thread only), or auto (by cores)",
      default: "auto",
      coerce: (value: string | number) => {
        if (value === "auto") return "auto";
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 64)
          throw new UsageError(
            `--threads takes auto or a whole number from 0 to 64, not ${String(value)}`,
          );
        return n;
      },
    })
    .option("config", configOption)
    .option("output-file", {
      requiresArg: true,
      alias: "o",
      describe: "Write the report to this file; the summary line still goes to standard error",
      type: "string",
    })
    .option("color", { describe: "Colour the pretty format (default: on a TTY)", type: "boolean" })
    .option("progress", {
      describe:
        "Show a progress bar for files of 32 MB or more (default: when standard error is a terminal)",
      type: "boolean",
    })
    .example("segkit validate fixtures/", "validate every payload file under fixtures/")
    .example(
      'segkit validate "exports/**/*.ndjson.gz" --format github',
      "annotate a pull request with the problems of gzip'd Bulk files",
    )
    .example(
      "segkit validate events.json --unknown-events error -f junit -o segkit.xml",
      "fail on events the tracking plan lacks, and write a JUnit report",
    )
    .epilog(
      `Inputs are recognised by extension (.json: one JSON value; .ndjson/.jsonl: one per line; .gz: gzip'd) and by content: {collection, objects} is an Objects API request, {id, collection, properties} a Bulk API line, {type, …} or {batch: [...]} Segment messages.\n\nExit codes: 0 valid (warnings allowed), 1 problems found, 2 usage problems or a file that could not be read.\n\nWhat it reports:\n${ruleList}`,
    );
}

/** Rules as --help lists them: id and default severity, then the description, wrapped. */
function describeRules(
  list: readonly { id: string; defaultSeverity: string; description: string }[],
): string {
  return list
    .map((r) => `  ${r.id} (${r.defaultSeverity})\n${wrapText(r.description, 90, "      ")}`)
    .join("\n");
}

/** Wraps text at word boundaries so that yargs, which wraps at the terminal width, leaves it alone. */
function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}
