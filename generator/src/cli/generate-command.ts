import path from "node:path";
import { rules } from "../check/rules/index.js";
import { checkWorkspace } from "../check/run.js";
import { generate } from "../generate/generate.js";
import { applyOutput, planOutput, type OutputPlan } from "../generate/output.js";
import { formatters } from "../report/index.js";
import { plural, summarize } from "../report/summary.js";
import { version } from "../version.js";
import type { Workspace } from "../workspace/workspace.js";
import { exitCodes, useColor, type CliIo } from "./io.js";
import { loadWorkspace } from "./load-workspace.js";
import { watchAndGenerate } from "./generate-watch.js";

export interface GenerateCommandOptions {
  config?: string;
  /** Write nothing; exit 1 when the output on disk is not what generation gives. */
  check: boolean;
  watch: boolean;
  color?: boolean;
}

/** `segkit generate`: returns the exit code (or runs until interrupted, with --watch). */
export async function runGenerateCommand(
  options: GenerateCommandOptions,
  io: CliIo,
): Promise<number> {
  const workspace = loadWorkspace(io.cwd, options.config);
  if (options.watch) return watchAndGenerate(workspace, io, options);
  const started = performance.now();
  if (!checkClean(workspace, io, options)) return exitCodes.problems;
  const files = await generate(workspace);
  const output = workspace.config.output;
  const plan = planOutput(files, output);
  const shown = (file: string) => path.relative(io.cwd, file).split(path.sep).join("/");
  if (options.check) {
    const stale = [
      ...plan.write.map((f) => `${shown(f.path)} (${existsLabel(f.path, plan)})`),
      ...plan.remove.map((f) => `${shown(f)} (no longer generated)`),
    ];
    if (stale.length === 0) {
      io.stdout.write(`segkit generate --check: ${plural(files.length, "file")} up to date\n`);
      return exitCodes.ok;
    }
    io.stderr.write(
      `segkit generate --check: ${plural(stale.length, "generated file")} out of date; run segkit generate and commit the result:\n${stale.map((s) => `  ${s}\n`).join("")}`,
    );
    return exitCodes.problems;
  }
  applyOutput(plan, output);
  const packages = new Set(files.map((f) => f.packageFolder)).size;
  io.stdout.write(
    `segkit generate: ${plural(packages, "package")} in ${shown(output) || "."}: ${plural(plan.write.length, "file")} written, ${plan.unchanged} unchanged${plan.remove.length ? `, ${plan.remove.length} removed` : ""} (${Math.round(performance.now() - started)} ms)\n`,
  );
  return exitCodes.ok;
}

function existsLabel(file: string, plan: OutputPlan): string {
  return plan.write.some((f) => f.path === file && f.existed) ? "differs" : "missing";
}

/**
 * Runs `segkit check` first: code is generated from a clean workspace only. Prints the errors
 * (as `segkit check` would) and returns false when there are any.
 */
export function checkClean(workspace: Workspace, io: CliIo, options: { color?: boolean }): boolean {
  const diagnostics = checkWorkspace(workspace);
  const { errors } = summarize(diagnostics);
  if (errors === 0) return true;
  const errorsOnly = diagnostics.filter((d) => d.severity === "error");
  io.stderr.write(
    formatters.pretty({
      diagnostics: errorsOnly,
      readText: (file) => workspace.get(path.resolve(workspace.config.root, file))?.file.text,
      rules,
      checkedFiles: workspace.documents.length,
      color: useColor(io, options.color),
      toolVersion: version,
    }),
  );
  io.stderr.write(
    `segkit generate: nothing generated; fix the ${plural(errors, "error")} above (segkit check lists them too)\n`,
  );
  return false;
}
