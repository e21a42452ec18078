import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { closestName } from "../check/suggest.js";
import { appendPointer, isPlainObject } from "./json-pointer.js";
import { checkAgainstMetaSchema } from "./meta-schemas.js";
import { SourceFile, type ReadProblem } from "./source-file.js";

export const configFileName = "segkit.config.json";

export type RuleSetting = "error" | "warning" | "off";

/** segkit.config.json with defaults filled in and paths made absolute. */
export interface WorkspaceConfig {
  /** The config file, absolute. */
  file: string;
  /** The folder holding the config file: every path is relative to it. */
  root: string;
  schemas: { collections: string; events: string; publicApi: string };
  output: string;
  packages: PackagesConfig;
  rules: Record<string, RuleSetting>;
}

/** How generated packages are named and what they depend on. */
export interface PackagesConfig {
  /** The npm name, `{name}` standing for the collection (`-` for `_`) or `tracking-plan`. */
  name: string;
  /** The version range of `@segkit/runtime` that generated packages depend on. */
  runtime: string;
}

export const packageDefaults: PackagesConfig = {
  name: "@segkit-clients/{name}",
  runtime: "^0.1.0",
};

/** npm's rule for package names (lowercase, URL-safe, optionally scoped). */
const npmName = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

interface RawConfig {
  schemas?: { collections?: string; events?: string; publicApi?: string };
  output?: string;
  packages?: Partial<PackagesConfig>;
  rules?: Record<string, RuleSetting>;
}

/** SourceFile's read problems speak of schema files; these speak of the config. */
const configReadProblems: Record<ReadProblem["kind"], string> = {
  empty: "the file is empty; write {} for the defaults",
  binary: "the file is binary, not JSON text; is this the right file?",
  "not-utf8": "the file is not valid UTF-8; save it as UTF-8",
  "too-large": "the file is far too large for a config; is this the right file?",
};

/** Finds segkit.config.json in `from` or the nearest parent folder, as tsc finds tsconfig.json. */
export function findConfigFile(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, configFileName);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads a config file. `knownRules` lets the loader reject a misspelt rule id where it is written.
 * Throws ConfigError with a file:line:col location for anything wrong.
 */
export function loadConfig(file: string, knownRules: readonly string[]): WorkspaceConfig {
  const absolute = path.resolve(file);
  let content: Buffer;
  try {
    content = readFileSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new ConfigError(`${file} ${reason}; pass the path of a segkit.config.json with --config`);
  }
  const source = new SourceFile(absolute, file, content);
  const where = (pointer: string, part: "key" | "value" = "value") => {
    const { start } = source.rangeOf(pointer, part);
    return `${file}:${start.line}:${start.column}`;
  };
  if (source.readProblem) {
    throw new ConfigError(`${file}: ${configReadProblems[source.readProblem.kind]}`);
  }
  const syntax = source.syntaxProblems[0];
  if (syntax) {
    const at = source.positionAt(syntax.offset);
    throw new ConfigError(
      `${file}:${at.line}:${at.column}: invalid JSON (${syntax.code}); fix the syntax of the config file`,
    );
  }
  // Rule ids first: the meta-schema's enum of them would say less than this does.
  const value = source.value;
  if (isPlainObject(value) && isPlainObject(value.rules)) {
    for (const rule of Object.keys(value.rules)) {
      if (knownRules.includes(rule)) continue;
      const suggestion = closestName(rule, knownRules);
      throw new ConfigError(
        `${where(appendPointer("/rules", rule), "key")}: unknown rule "${rule}"${suggestion ? `; did you mean "${suggestion}"?` : ""} — \`segkit check --help\` lists the rules`,
      );
    }
  }
  const problem = checkAgainstMetaSchema("segkit.config", source.value)[0];
  if (problem?.unknownKey) {
    const { name, known } = problem.unknownKey;
    const suggestion = closestName(name, known);
    const hint = suggestion
      ? `did you mean "${suggestion}"?`
      : `the keys here are ${known.join(", ")}`;
    throw new ConfigError(
      `${where(appendPointer(problem.pointer, name), "key")}: unknown key "${name}"; ${hint}`,
    );
  }
  if (problem) throw new ConfigError(`${where(problem.pointer)}: ${problem.message}`);
  const raw = value as RawConfig;
  const root = path.dirname(absolute);
  const resolve = (value: string | undefined, fallback: string) =>
    path.resolve(root, value ?? fallback);
  return {
    file: absolute,
    root,
    schemas: {
      collections: resolve(raw.schemas?.collections, "schemas/collections"),
      events: resolve(raw.schemas?.events, "schemas/events"),
      publicApi: resolve(raw.schemas?.publicApi, "schemas/public-api"),
    },
    output: resolve(raw.output, "packages/clients"),
    packages: checkPackages(raw.packages ?? {}, where),
    rules: raw.rules ?? {},
  };
}

function checkPackages(
  raw: Partial<PackagesConfig>,
  where: (pointer: string) => string,
): PackagesConfig {
  const name = raw.name ?? packageDefaults.name;
  if (!name.includes("{name}"))
    throw new ConfigError(
      `${where("/packages/name")}: "${name}" has no {name}; write where the collection's name goes, e.g. "@acme/{name}"`,
    );
  const sample = name.replaceAll("{name}", "tracking-plan");
  if (!npmName.test(sample) || sample.length > 214)
    throw new ConfigError(
      `${where("/packages/name")}: "${name}" does not make valid npm package names (lowercase letters, digits, -, ., _ and ~, optionally @scope/); e.g. "@acme/{name}"`,
    );
  return { name, runtime: raw.runtime ?? packageDefaults.runtime };
}
