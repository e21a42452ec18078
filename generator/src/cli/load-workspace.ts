import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ruleIds } from "../check/rules/index.js";
import { closestName } from "../check/suggest.js";
import { ConfigError, UsageError } from "../errors.js";
import { configFileName, findConfigFile, loadConfig } from "../workspace/config.js";
import { isInside, Workspace } from "../workspace/workspace.js";

/** Finds and loads the workspace a command runs on, or throws a ConfigError that says what to do. */
export function loadWorkspace(cwd: string, configOption: string | undefined): Workspace {
  const configFile = configOption ? path.resolve(cwd, configOption) : findConfigFile(cwd);
  if (!configFile) {
    throw new ConfigError(
      `no ${configFileName} in ${cwd} or any folder above it; run segkit inside a workspace, or pass --config <file>`,
    );
  }
  const config = loadConfig(path.relative(cwd, configFile) || configFile, ruleIds);
  const workspace = Workspace.load(config);
  if (workspace.documents.length === 0) {
    const folders = [config.schemas.collections, config.schemas.events].map((f) =>
      workspace.displayPath(f),
    );
    throw new ConfigError(
      `no schema files (*.json) in ${folders.join(" or ")}; add a collection or tracking plan there, or point "schemas" in ${workspace.displayPath(config.file)} at your schema folders`,
    );
  }
  return workspace;
}

/** The documents that `paths` (files or folders, relative to cwd) select; all when none are given. */
export function selectDocuments(
  workspace: Workspace,
  cwd: string,
  paths: readonly string[],
): Set<string> {
  if (paths.length === 0) return new Set(workspace.documents.map((d) => d.file.path));
  const selected = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    if (!existsSync(absolute)) throw new UsageError(missingPath(workspace, cwd, given));
    if (statSync(absolute).isDirectory()) {
      const inside = workspace.documents.filter(
        (d) => d.file.path === absolute || isInside(d.file.path, absolute),
      );
      if (inside.length === 0) {
        throw new UsageError(
          `${given} holds no schema files of the workspace (${workspace.displayPath(workspace.config.schemas.collections)}, ${workspace.displayPath(workspace.config.schemas.events)})`,
        );
      }
      for (const d of inside) selected.add(d.file.path);
    } else if (workspace.get(absolute)) {
      selected.add(absolute);
    } else {
      throw new UsageError(
        `${given} is not a schema file of the workspace: segkit checks *.json files under ${workspace.displayPath(workspace.config.schemas.collections)} and ${workspace.displayPath(workspace.config.schemas.events)}`,
      );
    }
  }
  return selected;
}

function missingPath(workspace: Workspace, cwd: string, given: string): string {
  const relative = (file: string) => path.relative(cwd, file).split(path.sep).join("/");
  const suggestion = closestName(
    given.split(path.sep).join("/"),
    workspace.documents.map((d) => relative(d.file.path)),
  );
  return `${given} does not exist; ${suggestion ? `did you mean ${suggestion}? ` : ""}pass schema files or folders of the workspace, relative to the current folder`;
}
