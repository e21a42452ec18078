import { Ajv, _ } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { GenerateError } from "../errors.js";
import type { JsonSchema } from "../ir/bundle.js";

/** A schema to compile into an exported validator function named `name`. */
export interface ValidatorEntry {
  name: string;
  schema: JsonSchema;
}

/**
 * The options generated validators are compiled with. Tests compile the same schemas with these
 * at run time to prove the two agree.
 */
export const validatorAjvOptions = {
  allErrors: true,
  // Errors carry the offending value, so that messages can say what was found.
  verbose: true,
  strict: false,
  validateFormats: true,
  // 79.99 is a multiple of 0.01 to a person; without a precision, floating point says it is not.
  multipleOfPrecision: 9,
} as const;

/** ajv's run-time helpers, as `@segkit/runtime` exports them under `ajvRuntime`. */
const runtimeModules = new Set(["equal", "ucs2length", "uri"]);

/**
 * One ESM module of ajv standalone code exporting a validator per entry. Entries and the bundled
 * definitions they share go into one schema document, so shared definitions compile once.
 *
 * ajv writes the code with its own escaping code builder; segkit only names the exports (its
 * identifiers) and points ajv's `require`s of run-time helpers at `@segkit/runtime`, which ajv's
 * ESM output gets wrong (it still writes `require`).
 */
export function compileValidators(
  entries: readonly ValidatorEntry[],
  definitions: Record<string, JsonSchema>,
): string {
  const ajv = new Ajv({
    ...validatorAjvOptions,
    code: { source: true, esm: true, lines: true, formats: _`formats` },
  });
  addFormats.default(ajv);
  const id = "https://segkit.dev/generated/bundle.json";
  // Descriptions would only be copied into the code (ajv keeps the schema for `verbose` errors).
  ajv.addSchema({
    $id: id,
    definitions: Object.fromEntries(
      Object.entries(definitions).map(([name, schema]) => [name, withoutDescriptions(schema)]),
    ),
    entries: Object.fromEntries(
      entries.map((entry, index) => [String(index), withoutDescriptions(entry.schema)]),
    ),
  });
  const exports = Object.fromEntries(
    entries.map((entry, index) => [entry.name, `${id}#/entries/${index}`]),
  );
  let code: string;
  try {
    code = standaloneCode.default(ajv, exports);
  } catch (error) {
    throw new GenerateError(
      `ajv could not compile a validator: ${(error as Error).message}; run segkit check on the schemas`,
    );
  }
  code = code
    .replace(/^"use strict";/, "")
    .replace(/require\("ajv\/dist\/runtime\/([a-z0-9_]+)"\)\.default/g, (whole, name: string) => {
      if (!runtimeModules.has(name))
        throw new GenerateError(
          `ajv's code needs its run-time helper "${name}", which @segkit/runtime does not export yet; please report it`,
        );
      return `ajvRuntime.${name}`;
    });
  if (/\brequire\(/.test(code.replace(/"(?:[^"\\]|\\.)*"/g, '""')))
    throw new GenerateError("ajv's code still requires a module; please report it with the schema");
  return code;
}

/** Keywords whose value maps names (any text, "description" included) to schemas. */
const schemaMaps = new Set(["properties", "patternProperties", "definitions", "dependencies"]);
const dataKeywords = new Set(["enum", "const", "default", "examples", "required"]);

/** A copy of a schema without `description`s; data (`enum`, `const`…) and names kept whole. */
function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key === "description") continue;
    if (dataKeywords.has(key)) out[key] = child;
    else if (
      schemaMaps.has(key) &&
      typeof child === "object" &&
      child !== null &&
      !Array.isArray(child)
    )
      out[key] = Object.fromEntries(
        Object.entries(child).map(([name, sub]) => [name, withoutDescriptions(sub)]),
      );
    else out[key] = withoutDescriptions(child);
  }
  return out;
}
