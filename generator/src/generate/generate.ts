import path from "node:path";
import * as prettier from "prettier";
import { lower } from "../ir/lower.js";
import type { GenerationIR } from "../ir/model.js";
import { collectionClient } from "../targets/collection-client.js";
import { trackingPlanPackage } from "../targets/tracking-plan.js";
import type { Workspace } from "../workspace/workspace.js";
import type { GeneratedPackage } from "./generated-file.js";

/** A file to be on disk after generation: absolute path and final bytes. */
export interface OutputFile {
  path: string;
  content: string;
  /** The package folder it belongs to, absolute. */
  packageFolder: string;
}

/**
 * Generates every package of a checked workspace: lower to the IR, run the targets, format with
 * prettier (the workspace's prettier config, if any, so that the output passes its format check).
 * Pure: the same workspace gives the same bytes; nothing is written here.
 */
export async function generate(
  workspace: Workspace,
  select: PackageFilter = () => true,
): Promise<OutputFile[]> {
  const ir = lower(workspace);
  const packages = await generatePackages(ir, select);
  const output = workspace.config.output;
  const style = (await prettier.resolveConfig(path.join(output, "index.ts"))) ?? {};
  const files: OutputFile[] = [];
  for (const generated of packages) {
    const packageFolder = path.join(output, generated.folder);
    for (const file of generated.files) {
      const absolute = path.join(packageFolder, file.path);
      const content =
        file.format === "none"
          ? file.content
          : // The parser prettier picks for the path, as its CLI does (json-stringify for package.json).
            await prettier.format(file.content, { ...style, filepath: absolute });
      files.push({ path: absolute, content, packageFolder });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Which packages to generate, by folder and the schema files they are made from. */
export type PackageFilter = (folder: string, dependsOn: readonly string[]) => boolean;

/** The packages of the IR that `select` keeps: one per collection, one for the tracking plan. */
export async function generatePackages(
  ir: GenerationIR,
  select: PackageFilter = () => true,
): Promise<GeneratedPackage[]> {
  const packages = await Promise.all(
    ir.collections
      .filter((c) => select(c.folder, c.dependsOn))
      .map((collection) => collectionClient(collection, ir.runtimeVersion)),
  );
  const plan = ir.trackingPlan;
  if (plan && select(plan.folder, plan.dependsOn))
    packages.push(await trackingPlanPackage(plan, ir.runtimeVersion));
  return packages;
}

/** The package folders the workspace generates now, absolute. */
export function packageFolders(workspace: Workspace): Set<string> {
  const ir = lower(workspace);
  const folders = ir.collections.map((c) => c.folder);
  if (ir.trackingPlan) folders.push(ir.trackingPlan.folder);
  return new Set(folders.map((f) => path.join(workspace.config.output, f)));
}
