import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkWorkspace,
  formatters,
  loadConfig,
  ruleIds,
  rules,
  version,
  Workspace,
  type Diagnostic,
  type FormatName,
} from "../../generator/src/index.js";

/** One folder per rule, each a workspace of its own: `segkit.config.json` and `schemas/`. */
export const fixturesFolder = fileURLToPath(new URL("../fixtures/check/", import.meta.url));

export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export function fixtureFolders(): string[] {
  return readdirSync(fixturesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface CheckedWorkspace {
  workspace: Workspace;
  diagnostics: Diagnostic[];
}

/** Loads a workspace through the library API, as the CLI does, and checks it. */
export function checkFolder(folder: string): CheckedWorkspace {
  const config = loadConfig(path.join(folder, "segkit.config.json"), ruleIds);
  const workspace = Workspace.load(config);
  return { workspace, diagnostics: checkWorkspace(workspace) };
}

export function checkFixture(name: string): CheckedWorkspace {
  return checkFolder(path.join(fixturesFolder, name));
}

/** The report in one format, exactly as `segkit check --format <name> --no-color` prints it. */
export function formatReport(
  { workspace, diagnostics }: CheckedWorkspace,
  format: FormatName,
): string {
  return formatters[format]({
    diagnostics,
    readText: (file) => workspace.get(path.resolve(workspace.config.root, file))?.file.text,
    rules,
    checkedFiles: workspace.documents.length,
    color: false,
    toolVersion: version,
  });
}

/**
 * Every schema file of the workspace, by its path under `schemas/`, with the diagnostics in it
 * written as `rule@line:column-line:column`; files without any map to `[]`.
 */
export function rangesByFile({
  workspace,
  diagnostics,
}: CheckedWorkspace): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  const key = (file: string) => file.replace(/^schemas\//, "");
  for (const document of workspace.documents) byFile[key(document.file.name)] = [];
  for (const d of diagnostics) {
    const { start, end } = d.range;
    (byFile[key(d.file)] ??= []).push(
      `${d.rule}@${start.line}:${start.column}-${end.line}:${end.column}`,
    );
  }
  return byFile;
}
