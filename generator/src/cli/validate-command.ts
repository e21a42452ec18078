import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { checkWorkspace } from "../check/run.js";
import { closestName } from "../check/suggest.js";
import { ConfigError, UsageError } from "../errors.js";
import { validateFormatters, type ValidateFormatName } from "../report/index.js";
import { plural } from "../report/summary.js";
import type { RecordKind } from "../validate/checks.js";
import { validateRulesForReports } from "../validate/rules.js";
import {
  validateFiles,
  type InputFile,
  type Progress,
  type ValidateResult,
} from "../validate/run.js";
import { prepareValidators } from "../validate/validator-set.js";
import { version } from "../version.js";
import { exitCodes, useColor, type CliIo } from "./io.js";
import { loadWorkspace } from "./load-workspace.js";

export interface ValidateCommandOptions {
  inputs: string[];
  format: ValidateFormatName;
  maxErrors: number;
  kind?: RecordKind;
  collection?: string;
  unknownEvents: "error" | "warning" | "off";
  threads: number | "auto";
  config?: string;
  outputFile?: string;
  color?: boolean;
  progress?: boolean;
}

/** Extensions of the files a folder argument brings in. */
const payloadFile = /\.(json|ndjson|jsonl)(\.gz)?$/i;

/** `segkit validate`: returns the exit code. */
export async function runValidateCommand(
  options: ValidateCommandOptions,
  io: CliIo,
): Promise<number> {
  const workspace = loadWorkspace(io.cwd, options.config);
  const schemaErrors = checkWorkspace(workspace).filter((d) => d.severity === "error");
  if (schemaErrors.length > 0)
    throw new ConfigError(
      `the workspace's schemas have ${plural(schemaErrors.length, "error")} (the first: ${schemaErrors[0]!.file}:${schemaErrors[0]!.range.start.line}:${schemaErrors[0]!.range.start.column} ${schemaErrors[0]!.message}); run segkit check and fix them, then validate`,
    );
  const files = await expandInputs(io.cwd, options.inputs);
  const prepared = await prepareValidators(workspace);
  if (options.collection !== undefined) {
    const names = [...prepared.collections].sort();
    if (!names.includes(options.collection)) {
      const suggestion = closestName(options.collection, names);
      throw new UsageError(
        `--collection ${options.collection}: the workspace has no such collection${suggestion ? `; did you mean ${suggestion}?` : ""} (it has ${names.join(", ") || "none"})`,
      );
    }
  }
  const progress = progressBar(io, options.progress);
  let result: ValidateResult;
  try {
    result = await validateFiles({
      files,
      kind: options.kind,
      options: { collection: options.collection, unknownEvents: options.unknownEvents },
      maxShown: options.maxErrors,
      threads: options.threads,
      manifest: prepared.manifest,
      ...(progress && { onProgress: progress.update }),
    });
  } finally {
    progress?.clear();
  }

  const summary = summarizeRun(result, options.maxErrors);
  const output = validateFormatters[options.format]({
    diagnostics: result.diagnostics,
    readText: () => undefined,
    excerpt: (d) => result.excerpts.get(d),
    rules: validateRulesForReports,
    checkedFiles: files.length,
    color: options.outputFile ? false : useColor(io, options.color),
    toolVersion: version,
    command: "validate",
    summary,
    files: result.files.map((f) => ({
      file: f.name,
      errors: f.errors,
      warnings: f.warnings,
      seconds: f.seconds,
      ...(f.unreadable !== undefined && { unreadable: f.unreadable }),
    })),
  });
  if (options.outputFile) {
    try {
      writeFileSync(path.resolve(io.cwd, options.outputFile), output);
    } catch (error) {
      throw new UsageError(
        `cannot write the report to ${options.outputFile}: ${(error as Error).message}`,
      );
    }
    // The report went to a file; people still see the outcome.
    io.stderr.write(summary.text + "\n");
  } else {
    io.stdout.write(output);
  }
  if (result.files.some((f) => f.unreadable !== undefined)) return exitCodes.usage;
  return result.files.some((f) => f.errors > 0) ? exitCodes.problems : exitCodes.ok;
}

/** The summary line and its data: files, records, problems by rule. */
function summarizeRun(
  result: ValidateResult,
  maxErrors: number,
): { text: string; data: Record<string, unknown>; failed: boolean } {
  const int = (n: number) => n.toLocaleString("en-US");
  let errors = 0;
  let warnings = 0;
  const byRule = [...result.counts.values()].sort(
    (a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1),
  );
  for (const entry of byRule) {
    if (entry.severity === "error") errors += entry.count;
    else warnings += entry.count;
  }
  const records = result.files.reduce((sum, f) => sum + f.records, 0);
  const items = result.files.reduce((sum, f) => sum + f.items, 0);
  const messages = result.files.reduce((sum, f) => sum + (f.kind === "event" ? f.items : 0), 0);
  const unreadable = result.files.filter((f) => f.unreadable !== undefined).length;
  const counted = [
    items - messages > 0 || messages === 0 ? plural(items - messages, "object") : "",
    messages > 0 ? plural(messages, "message") : "",
  ].filter(Boolean);
  const what = `${plural(result.files.length, "file")} (${counted.join(", ")})`;
  const rules = byRule
    .map((e) => `${e.rule} ${int(e.count)}${e.severity === "warning" ? " (warning)" : ""}`)
    .join(", ");
  const hidden =
    result.hidden > 0 ? `; ${int(result.hidden)} not shown (--max-errors ${maxErrors})` : "";
  const text =
    errors + warnings === 0
      ? `✔ segkit validate: ${what}, all valid`
      : `${errors > 0 ? "✖" : "⚠"} segkit validate: ${what}: ${plural(errors, "error")}, ${plural(warnings, "warning")}${unreadable ? `, ${plural(unreadable, "file")} unreadable` : ""} — ${rules}${hidden}`;
  return {
    text,
    failed: errors > 0,
    data: {
      files: result.files.length,
      records,
      items,
      errors,
      warnings,
      unreadableFiles: unreadable,
      hidden: result.hidden,
      byRule: Object.fromEntries(
        byRule.map((e) => [`${e.rule}${e.severity === "warning" ? " (warning)" : ""}`, e.count]),
      ),
      perFile: result.files.map((f) => ({
        file: f.name,
        kind: f.kind ?? null,
        records: f.records,
        items: f.items,
        bytes: f.bytes,
        errors: f.errors,
        warnings: f.warnings,
        ...(f.unreadable !== undefined && { unreadable: f.unreadable }),
      })),
    },
  };
}

/**
 * Files, folders (their .json, .ndjson and .jsonl files, gzip'd or not) and globs (for shells that
 * do not expand them, and for CI configs that quote them), each file once, in the order given.
 */
async function expandInputs(cwd: string, inputs: readonly string[]): Promise<InputFile[]> {
  const seen = new Set<string>();
  const files: InputFile[] = [];
  const add = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({
      path: absolute,
      name: path.relative(cwd, absolute).split(path.sep).join("/") || absolute,
    });
  };
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) {
        const inside = walk(absolute);
        if (inside.length === 0)
          throw new UsageError(
            `${input} holds no payload files (*.json, *.ndjson, *.jsonl, optionally .gz)`,
          );
        inside.forEach(add);
      } else {
        add(absolute);
      }
      continue;
    }
    if (isDynamicPattern(input)) {
      const matches = await glob(input, { cwd, absolute: true, onlyFiles: true, dot: false });
      if (matches.length === 0)
        throw new UsageError(
          `no file matches ${input}; check the pattern (it is matched from ${cwd})`,
        );
      matches.sort().forEach((m) => add(path.resolve(m)));
      continue;
    }
    throw new UsageError(`${input} does not exist; pass payload files, folders or globs`);
  }
  return files;
}

function walk(folder: string): string[] {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (payloadFile.test(entry.name)) found.push(full);
    }
  }
  return found.sort();
}

/** Files at least this large get a progress bar, on a terminal. */
const progressThreshold = 32 << 20;

/** A one-line progress bar on standard error, when it is a terminal (never in CI logs). */
function progressBar(
  io: CliIo,
  wanted: boolean | undefined,
): { update: (p: Progress) => void; clear: () => void } | undefined {
  if (wanted === false || (wanted === undefined && io.stderr.isTTY !== true)) return undefined;
  let shown = false;
  const started = new Map<string, number>();
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e8 ? 1 : 0)} MB`;
  const clear = () => {
    if (shown) io.stderr.write("\r\x1b[K");
    shown = false;
  };
  return {
    update(p) {
      if (p.finished || p.total < progressThreshold) {
        clear();
        return;
      }
      const start = started.get(p.file) ?? performance.now();
      started.set(p.file, start);
      const fraction = Math.min(1, p.done / p.total);
      const width = 24;
      const filled = Math.round(fraction * width);
      const seconds = (performance.now() - start) / 1000;
      const rate = seconds > 0 ? `${mb(p.done / seconds)}/s` : "";
      io.stderr.write(
        `\r\x1b[K${p.file} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${mb(p.done)} of ${mb(p.total)} ${rate}`,
      );
      shown = true;
    },
    clear,
  };
}
