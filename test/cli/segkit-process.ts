import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(repoRoot, "generator/bin/segkit.js");
const builtMain = path.join(repoRoot, "generator/dist/cli/main.js");

export interface SegkitRun {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables that change how segkit prints; cleared so that each test states the ones it wants. */
const colourVariables = ["NO_COLOR", "FORCE_COLOR", "NODE_DISABLE_COLORS", "SEGKIT_DEBUG"];

/**
 * Runs the built `segkit` binary as a user would: a separate Node process, its stdout a pipe
 * (so not a terminal), in `cwd`.
 */
export async function runSegkit(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<SegkitRun> {
  assertBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of colourVariables) delete env[name];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? (error.code as unknown as number) : 0, stdout, stderr });
      },
    );
  });
}

let built = false;

/** The binary imports generator/dist: a missing or stale build would test old code. */
function assertBuilt(): void {
  if (built) return;
  if (!existsSync(builtMain)) {
    throw new Error("generator/dist is missing; run `pnpm -r build` (scripts/test does) first");
  }
  // The newest output, not main.js: an incremental build rewrites only what changed.
  const builtAt = newestFile(path.join(repoRoot, "generator/dist"), ".js")?.mtimeMs ?? 0;
  const newer = newestFile(path.join(repoRoot, "generator/src"), ".ts");
  if (newer && newer.mtimeMs > builtAt) {
    throw new Error(
      `generator/dist is older than ${path.relative(repoRoot, newer.file)}; run \`pnpm -r build\` first`,
    );
  }
  built = true;
}

/** The most recently changed `*<extension>` file under `folder`, tests left out. */
function newestFile(
  folder: string,
  extension: string,
): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(extension) || entry.name.includes(".test.")) {
      continue;
    }
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** A file tree, by path relative to its root; objects are written as pretty JSON. */
export type FileTree = Record<string, string | Buffer | object>;

const createdFolders: string[] = [];

/** Writes `files` into a fresh folder under the system temp folder and returns its path. */
export async function makeWorkspace(files: FileTree): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "segkit-cli-"));
  createdFolders.push(root);
  await writeTree(root, files);
  return root;
}

export async function writeTree(root: string, files: FileTree): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    const data =
      typeof content === "string" || Buffer.isBuffer(content)
        ? content
        : JSON.stringify(content, null, 2) + "\n";
    await writeFile(file, data);
  }
}

/** For afterAll: removes every folder makeWorkspace made in this test file. */
export async function removeWorkspaces(): Promise<void> {
  await Promise.all(
    createdFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
}

/** A collection file with nothing for any rule to report. */
export function cleanCollection(name = "rooms"): object {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    collection: name,
    type: "object",
    properties: {
      name: { type: "string", maxLength: 200 },
      review_count: { type: "integer", minimum: 0 },
    },
    required: ["name"],
    additionalProperties: false,
  };
}

/** Neither output stream shows a stack trace or Node's internals. */
export function expectNoStackTrace(run: SegkitRun): void {
  for (const output of [run.stdout, run.stderr]) {
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain("node:internal");
    expect(output).not.toMatch(/\b(TypeError|ReferenceError|SyntaxError):/);
  }
}

/** Usage and configuration problems: nothing on stdout, one `segkit: ` line on stderr. */
export function expectOneLineReason(run: SegkitRun): string {
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^segkit: [^\n]+\n$/);
  return run.stderr.trimEnd();
}

// eslint-disable-next-line no-control-regex
export const ansiEscape = /\u001b\[[0-9;]*m/;
