import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { generate, packageFolders } from "../generate/generate.js";
import { applyOutput, planOutput } from "../generate/output.js";
import { plural } from "../report/summary.js";
import { listJsonFiles, type Workspace } from "../workspace/workspace.js";
import type { GenerateCommandOptions } from "./generate-command.js";
import { checkClean } from "./generate-command.js";
import { exitCodes, type CliIo } from "./io.js";

/** How long to wait for more file events before regenerating: editors save in bursts. */
const settleMs = 40;

/**
 * `segkit generate --watch`: generates everything once, then, on each change to a schema file,
 * re-checks the workspace and regenerates only the packages made from the files that changed
 * (a new or removed collection included), printing what it wrote and how long it took. Runs until
 * SIGINT (or `options.signal`, for tests).
 */
export async function watchAndGenerate(
  workspace: Workspace,
  io: CliIo,
  options: GenerateCommandOptions & { signal?: AbortSignal },
): Promise<number> {
  const config = workspace.config;
  const shown = (file: string) => path.relative(io.cwd, file).split(path.sep).join("/");

  const run = async (changed: ReadonlySet<string> | undefined) => {
    const started = performance.now();
    if (!checkClean(workspace, io, options)) return;
    const files = await generate(
      workspace,
      (_folder, dependsOn) => !changed || dependsOn.some((file) => changed.has(file)),
    );
    // New packages are among `files`; a removed one was generated before and is not now.
    const now = packageFolders(workspace);
    const touched = new Set(files.map((f) => f.packageFolder));
    for (const folder of previous) if (!now.has(folder)) touched.add(folder);
    previous = now;
    const plan = planOutput(files, config.output, touched);
    applyOutput(plan, config.output);
    const names = [...touched].map((f) => path.basename(f)).sort();
    io.stdout.write(
      `segkit generate: ${names.length === 0 ? "nothing to regenerate" : names.join(", ")}: ${plural(plan.write.length, "file")} written, ${plan.unchanged} unchanged${plan.remove.length ? `, ${plan.remove.length} removed` : ""} (${Math.round(performance.now() - started)} ms)\n`,
    );
  };

  let previous = new Set<string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watchers = new Map<string, FSWatcher>();
  /**
   * Watches `folder` and every folder below it, one watcher each, set up before this returns: a
   * recursive fs.watch sets itself up in the background on Linux and missed saves made meanwhile.
   * A folder created later is watched when it appears, and its files count as changed.
   */
  const watchFolder = (folder: string) => {
    if (watchers.has(folder)) return;
    const watcher = watch(folder, onEvent(folder));
    // A watched folder that is removed ends its watcher; its files' removal was seen already.
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(folder);
    });
    watchers.set(folder, watcher);
    for (const entry of readdirSync(folder, { withFileTypes: true }))
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
        watchFolder(path.join(folder, entry.name));
  };
  const onEvent = (folder: string) => (_event: string, name: string | Buffer | null) => {
    if (!name) return;
    const file = path.join(folder, name.toString());
    if (!watchers.has(file) && isFolder(file)) {
      watchFolder(file);
      for (const json of listJsonFiles(file)) changedFile(json);
      return;
    }
    if (file.endsWith(".json")) changedFile(file);
  };
  const changedFile = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = new Set(pending);
      pending.clear();
      running = running.then(async () => {
        for (const file of changed) {
          if (existsSync(file)) workspace.update(file, readFileSync(file));
          else workspace.remove(file);
        }
        try {
          await run(changed);
        } catch (error) {
          io.stderr.write(`segkit generate: ${(error as Error).message}\n`);
        }
      });
    }, settleMs);
  };
  // Watching starts before the first generation: a save made while it runs is regenerated after.
  for (const folder of [config.schemas.collections, config.schemas.events])
    if (existsSync(folder)) watchFolder(folder);
  running = running.then(() => run(undefined));
  await running;
  io.stdout.write(
    `segkit generate: watching ${[config.schemas.collections, config.schemas.events].map(shown).join(" and ")} (Ctrl-C stops)\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    options.signal?.addEventListener("abort", stop, { once: true });
  });
  clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
  await running;
  return exitCodes.ok;
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
