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
import type { JsonSchema } from "../ir/bundle.js";
import type { GenerationIR } from "../ir/model.js";
import { version } from "../version.js";
import type { Workspace } from "../workspace/workspace.js";
import type { CollectionValidators, ValidatorSet } from "./checks.js";

/**
 * The workspace's validators for `segkit validate`: compiled by the same function, from the same
 * schemas, with the same options as the generated clients' `validators.ajv.ts` (told that they
 * check only what `JSON.parse` returns, which spares a lookup per property; same verdicts, same
 * errors), into ES modules in a cache folder keyed by their inputs. The first run after a schema
 * change compiles; later runs, and every worker thread, import the modules.
 */

/** What a cache folder holds: module files and the export names in them. */
export interface ValidatorManifest {
  collections: {
    name: string;
    module: string;
    validate: string;
    validateId: string;
    /** Whether properties the schema accepts can only be scalars (see `scalarOnly`). */
    scalarOnly: boolean;
  }[];
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
/** Changes when the manifest or the modules change shape. */
const cacheFormat = 2;

/** Compiles the workspace's validators, or finds them in the cache. */
export async function prepareValidators(workspace: Workspace): Promise<PreparedValidators> {
  const ir = lower(workspace);
  // The validation module alone: what generated validators import from the runtime's index.
  const runtimeUrl = import.meta.resolve("@segkit/runtime/validation");
  // The compiler's and the runtime's code are part of the key: a change to either (even within
  // one version, as in development) compiles afresh.
  const compiler = readFileSync(new URL("../targets/validators.js", import.meta.url));
  const runtime = readFileSync(new URL(runtimeUrl));
  const key = createHash("sha256")
    .update(JSON.stringify([cacheFormat, version, runtimeUrl, inputsOf(ir)]))
    .update(compiler)
    .update(runtime)
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
          "json",
        ),
    );
    content.collections.push({
      name: collection.name,
      module,
      validate: "validate",
      validateId: "validateId",
      scalarOnly: scalarOnly(collection.properties, collection.definitions),
    });
  });
  const plan = ir.trackingPlan;
  if (plan) {
    const calls = (["identify", "group", "page", "screen"] as const).filter((c) => plan[c]);
    const entries = [
      ...plan.events.map((event, index) => ({ name: `event${index}`, schema: event.schema })),
      ...calls.map((call) => ({ name: call, schema: plan[call]!.schema })),
    ];
    files.set("plan.mjs", header + compileValidators(entries, plan.definitions, "json"));
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

const scalarTypes = new Set(["string", "number", "integer", "boolean", "null"]);

/**
 * Whether every value a properties schema accepts is a scalar: closed (no additional or pattern
 * properties) and each property typed string, number, integer, boolean or null, or an enum or
 * const of those, through `$ref`s and `anyOf`/`oneOf`. Then a value that passes the schema needs
 * no scalar check of its own; any doubt answers false, and the check runs.
 */
export function scalarOnly(schema: JsonSchema, definitions: Record<string, JsonSchema>): boolean {
  if (schema.additionalProperties !== false || schema.patternProperties !== undefined) return false;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.values(properties).every((property) => scalarSchema(property, definitions, 0));
}

function scalarSchema(
  schema: JsonSchema,
  definitions: Record<string, JsonSchema>,
  depth: number,
): boolean {
  if (depth > 32 || typeof schema !== "object" || schema === null) return false;
  if (typeof schema.$ref === "string") {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target =
      name === undefined
        ? undefined
        : definitions[decodeURIComponent(name).replaceAll("~1", "/").replaceAll("~0", "~")];
    return target !== undefined && scalarSchema(target, definitions, depth + 1);
  }
  const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
  if (Array.isArray(schema.enum)) return schema.enum.every(scalar);
  if ("const" in schema) return scalar(schema.const);
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches))
      return branches.every((b) => scalarSchema(b as JsonSchema, definitions, depth + 1));
  }
  const type = schema.type;
  if (typeof type === "string") return scalarTypes.has(type);
  if (Array.isArray(type))
    return type.length > 0 && type.every((t) => scalarTypes.has(t as string));
  return false;
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
      scalarOnly: entry.scalarOnly,
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
