import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyFixes } from "../check/apply-fixes.js";
import type { Diagnostic } from "../check/diagnostic.js";
import { rules } from "../check/rules/index.js";
import { checkWorkspace } from "../check/run.js";
import { UsageError } from "../errors.js";
import { formatters, type FormatName } from "../report/index.js";
import { plural, summarize } from "../report/summary.js";
import { version } from "../version.js";
import type { Workspace } from "../workspace/workspace.js";
import { exitCodes, useColor, type CliIo } from "./io.js";
import { loadWorkspace, selectDocuments } from "./load-workspace.js";

export interface CheckCommandOptions {
  paths: string[];
  format: FormatName;
  maxWarnings: number;
  config?: string;
  fix: boolean;
  color?: boolean;
  outputFile?: string;
}

/** `segkit check`: returns the exit code. */
export function runCheckCommand(options: CheckCommandOptions, io: CliIo): number {
  let workspace = loadWorkspace(io.cwd, options.config);
  let only = selectDocuments(workspace, io.cwd, options.paths);
  let diagnostics = checkWorkspace(workspace, { only });
  if (options.fix) {
    // Fixes can unlock or overlap one another: apply, re-check, repeat, as ESLint does.
    for (let round = 0; round < 10 && diagnostics.some((d) => d.fix); round++) {
      if (fixFiles(workspace, diagnostics) === 0) break;
      workspace = loadWorkspace(io.cwd, options.config);
      only = selectDocuments(workspace, io.cwd, options.paths);
      diagnostics = checkWorkspace(workspace, { only });
    }
  }
  const shown = rebase(diagnostics, workspace, io.cwd);
  const output = formatters[options.format]({
    diagnostics: shown,
    readText: (file) => workspace.get(path.resolve(io.cwd, file))?.file.text,
    rules,
    checkedFiles: only.size,
    color: options.outputFile ? false : useColor(io, options.color),
    toolVersion: version,
  });
  if (options.outputFile)
    writeReport(path.resolve(io.cwd, options.outputFile), options.outputFile, output);
  else io.stdout.write(output);
  const { errors, warnings } = summarize(diagnostics);
  if (errors > 0) return exitCodes.problems;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr.write(
      `segkit: ${plural(warnings, "warning")}, more than --max-warnings ${options.maxWarnings} allows\n`,
    );
    return exitCodes.problems;
  }
  return exitCodes.ok;
}

function writeReport(file: string, given: string, report: string): void {
  try {
    writeFileSync(file, report);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? `the folder ${path.dirname(given) || "."} does not exist; create it first`
        : code === "EISDIR"
          ? "it is a folder; name a file"
          : `${(error as Error).message}; pick another path`;
    throw new UsageError(`cannot write the report to ${given}: ${reason}`);
  }
}

function fixFiles(workspace: Workspace, diagnostics: readonly Diagnostic[]): number {
  let applied = 0;
  for (const document of workspace.documents) {
    const list = diagnostics.filter((d) => d.file === document.file.name && d.fix);
    if (list.length === 0) continue;
    const original = readFileSync(document.file.path, "utf8");
    const bom = original.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
    const result = applyFixes(document.file.text, list);
    if (result.applied === 0) continue;
    writeFileSync(document.file.path, bom + result.text);
    applied += result.applied;
  }
  return applied;
}

/** Diagnostics name files relative to the workspace root; people want them relative to where they are. */
function rebase(diagnostics: Diagnostic[], workspace: Workspace, cwd: string): Diagnostic[] {
  if (path.resolve(cwd) === workspace.config.root) return diagnostics;
  const shown = (name: string) =>
    path.relative(cwd, path.resolve(workspace.config.root, name)).split(path.sep).join("/");
  return diagnostics.map((d) => ({
    ...d,
    file: shown(d.file),
    ...(d.related && { related: d.related.map((r) => ({ ...r, file: shown(r.file) })) }),
  }));
}
