import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CompiledValidator } from "@segkit/runtime/validation";
import { lower } from "../ir/lower.js";
import type { GenerationIR } from "../ir/model.js";
import { version } from "../version.js";
import type { Workspace } from "../workspace/workspace.js";
import type { CollectionValidators, ValidatorSet } from "./checks.js";

/**
 * The workspace's validators for `segkit validate`: compiled by the same function, from the same
 * schemas, with the same options as the generated clients' `validators.ajv.ts`, into ES modules in
 * a cache folder keyed by their inputs. The first run after a schema change compiles; later runs,
 * and every worker thread, import the modules.
 */

/** What a cache folder holds: module files and the export names in them. */
export interface ValidatorManifest {
  collections: { name: string; module: string; validate: string; validateId: string }[];
  plan:
    | {
        module: string;
        /** [event name, export name] */
        events: [string, string][];
        identify?: string;
        group?: string;
        page?: string;
        screen?: string;
      }
    | undefined;
}

export interface PreparedValidators {
  /** The manifest's path; worker threads load the same modules from it. */
  manifest: string;
  /** Whether this run compiled them (false: they came from the cache). */
  compiled: boolean;
  /** The workspace's collection names. */
  collections: string[];
}

const keptCacheEntries = 20;

/** Compiles the workspace's validators, or finds them in the cache. */
export async function prepareValidators(workspace: Workspace): Promise<PreparedValidators> {
  const ir = lower(workspace);
  // The validation module alone: what generated validators import from the runtime's index.
  const runtimeUrl = import.meta.resolve("@segkit/runtime/validation");
  const key = createHash("sha256")
    .update(JSON.stringify([version, runtimeUrl, inputsOf(ir)]))
    .digest("hex")
    .slice(0, 24);
  const cache = cacheFolder(workspace.config.root);
  const folder = path.join(cache, key);
  const manifest = path.join(folder, "manifest.json");
  if (existsSync(manifest)) {
    const now = new Date();
    utimesSync(folder, now, now);
    return { manifest, compiled: false, collections: ir.collections.map((c) => c.name) };
  }
  // Loaded only on a cache miss: it brings ajv's compiler and ts-morph.
  const { compileValidators } = await import("../targets/validators.js");
  const files = new Map<string, string>();
  const header = `import { ajvFormats as formats, ajvRuntime } from ${JSON.stringify(runtimeUrl)};\n`;
  const content: ValidatorManifest = { collections: [], plan: undefined };
  ir.collections.forEach((collection, index) => {
    const module = `collection-${index}.mjs`;
    files.set(
      module,
      header +
        compileValidators(
          [
            { name: "validate", schema: collection.properties },
            { name: "validateId", schema: collection.objectId },
          ],
          collection.definitions,
        ),
    );
    content.collections.push({
      name: collection.name,
      module,
      validate: "validate",
      validateId: "validateId",
    });
  });
  const plan = ir.trackingPlan;
  if (plan) {
    const calls = (["identify", "group", "page", "screen"] as const).filter((c) => plan[c]);
    const entries = [
      ...plan.events.map((event, index) => ({ name: `event${index}`, schema: event.schema })),
      ...calls.map((call) => ({ name: call, schema: plan[call]!.schema })),
    ];
    files.set("plan.mjs", header + compileValidators(entries, plan.definitions));
    content.plan = {
      module: "plan.mjs",
      events: plan.events.map((event, index) => [event.event!, `event${index}`]),
      ...Object.fromEntries(calls.map((call) => [call, call])),
    };
  }
  // Written beside, then renamed into place: a concurrent run sees all of it or none.
  const staging = `${folder}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(staging, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(staging, name), text);
  writeFileSync(path.join(staging, "manifest.json"), JSON.stringify(content));
  try {
    renameSync(staging, folder);
  } catch {
    // Another run got there first with the same content.
    rmSync(staging, { recursive: true, force: true });
  }
  pruneCache(cache);
  return { manifest, compiled: true, collections: ir.collections.map((c) => c.name) };
}

/** The parts of the IR that validators are compiled from. */
function inputsOf(ir: GenerationIR): unknown {
  const plan = ir.trackingPlan;
  return {
    collections: ir.collections.map((c) => [c.name, c.properties, c.objectId, c.definitions]),
    plan: plan && {
      events: plan.events.map((e) => [e.event, e.schema]),
      calls: [plan.identify?.schema, plan.group?.schema, plan.page?.schema, plan.screen?.schema],
      definitions: plan.definitions,
    },
  };
}

/** node_modules/.cache/segkit (as Babel and ESLint do) when the workspace has node_modules. */
function cacheFolder(root: string): string {
  const modules = path.join(root, "node_modules");
  if (existsSync(modules)) return path.join(modules, ".cache", "segkit", "validators");
  let user = "user";
  try {
    user = userInfo().username;
  } catch {
    // No user name (some containers): one shared folder.
  }
  return path.join(tmpdir(), `segkit-${user}`, "validators");
}

function pruneCache(cache: string): void {
  try {
    const entries = readdirSync(cache)
      .filter((name) => !name.endsWith(".tmp"))
      .map((name) => ({ name, time: statSync(path.join(cache, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const entry of entries.slice(keptCacheEntries))
      rmSync(path.join(cache, entry.name), { recursive: true, force: true });
  } catch {
    // A cache that cannot be pruned is only bigger.
  }
}

/** Imports the validators a manifest names. */
export async function loadValidatorSet(manifestPath: string): Promise<ValidatorSet> {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as ValidatorManifest;
  const folder = path.dirname(manifestPath);
  const load = async (module: string) =>
    (await import(pathToFileURL(path.join(folder, module)).href)) as Record<
      string,
      CompiledValidator
    >;
  const collections = new Map<string, CollectionValidators>();
  for (const entry of manifest.collections) {
    const module = await load(entry.module);
    collections.set(entry.name, {
      validate: module[entry.validate]!,
      validateId: module[entry.validateId]!,
    });
  }
  if (!manifest.plan) return { collections, plan: undefined };
  const plan = manifest.plan;
  const module = await load(plan.module);
  const pick = (name: string | undefined) => (name === undefined ? undefined : module[name]);
  return {
    collections,
    plan: {
      track: new Map(plan.events.map(([event, name]) => [event, module[name]!])),
      identify: pick(plan.identify),
      group: pick(plan.group),
      page: pick(plan.page),
      screen: pick(plan.screen),
    },
  };
}
