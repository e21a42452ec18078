import { Ajv, _ } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { ts } from "ts-morph";
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
  // A property named `constructor` or `toString` is the object's own or missing, never inherited.
  ownProperties: true,
} as const;

/**
 * What a validator will be given:
 * - `"any"`: any JavaScript value, as a client's `set()` receives (a class instance, a value with
 *   getters on its prototype); each property is looked up as the value's own (`ownProperties`);
 * - `"json"`: only what `JSON.parse` returns, as `segkit validate` reads. Its objects have no
 *   prototype but Object.prototype and no property that is `undefined`, so `value.name !==
 *   undefined` already says that `name` is the object's own, and `for…in` lists exactly
 *   `Object.keys`, in the same order. The validator skips the second lookup and the key array
 *   (about a quarter of a validation) and gives the same verdicts and the same errors. Only a name
 *   that Object.prototype has (`constructor`, `toString`, `__proto__`, …) would be found on the
 *   prototype: a schema that says one anywhere is compiled as for `"any"`.
 */
export type ValidatorInput = "any" | "json";

/** The names every object inherits: a lookup of one finds it though the object does not have it. */
const inheritedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether a key or a string anywhere in `value` is a name every object inherits. */
function saysInheritedName(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (inheritedNames.has(item)) return true;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (inheritedNames.has(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** ajv's run-time helpers, as `@segkit/runtime` exports them under `ajvRuntime`. */
const runtimeModules = new Set(["equal", "ucs2length", "uri"]);

/**
 * One ESM module of ajv standalone code exporting a validator per entry. Entries and the bundled
 * definitions they share go into one schema document, so shared definitions compile once.
 *
 * ajv writes the code with its own escaping code builder; segkit only names the exports (its
 * identifiers) and points ajv's `require`s of run-time helpers at `@segkit/runtime`, which ajv's
 * ESM output gets wrong (it still writes `require`). `input` says what the validators will be given
 * (see `ValidatorInput`); generated clients take any value.
 */
export function compileValidators(
  entries: readonly ValidatorEntry[],
  definitions: Record<string, JsonSchema>,
  input: ValidatorInput = "any",
): string {
  const ownProperties =
    input === "any" ||
    saysInheritedName(definitions) ||
    entries.some((e) => saysInheritedName(e.schema));
  const ajv = new Ajv({
    ...validatorAjvOptions,
    ownProperties,
    code: { source: true, esm: true, lines: true, formats: _`formats`, optimize: 3 },
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
  // ajv takes only ASCII export names, and segkit's identifiers may not be (`validate注文Properties`):
  // ajv exports placeholders for those, renamed below.
  const exportNames = entries.map((entry, index) =>
    asciiIdentifier.test(entry.name) ? entry.name : `${exportPlaceholder}${index}`,
  );
  const exports = Object.fromEntries(
    exportNames.map((name, index) => [name, `${id}#/entries/${index}`]),
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
  // Parsing the code is most of the cost of an edit: only when there is one to make.
  const placeholders = exportNames.some((name) => name.startsWith(exportPlaceholder));
  if (!placeholders && !code.includes("__proto__")) return code;
  return editCode(
    code,
    entries.map((entry) => entry.name),
  );
}

const asciiIdentifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const exportPlaceholder = "segkitExport";

/**
 * ajv's code, edited in its syntax tree (as types.ts renames), never by searching the text:
 * - each `export const segkitExport<i> = …` is named `names[i]`;
 * - `__proto__: …` in an object literal (ajv writes the schema into the code as literals) becomes
 *   `["__proto__"]: …`: a key like any other, as in the JSON it came from, not the literal's
 *   prototype (which would leave `const: { "__proto__": 1 }` matching `{}`, and no such object).
 */
function editCode(code: string, names: readonly string[]): string {
  const file = ts.createSourceFile(
    "validators.js",
    code,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS,
  );
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const { name: id } of statement.declarationList.declarations) {
      const name =
        ts.isIdentifier(id) && id.text.startsWith(exportPlaceholder)
          ? names[Number(id.text.slice(exportPlaceholder.length))]
          : undefined;
      if (name !== undefined)
        edits.push({ start: id.getStart(file), end: id.getEnd(), text: name });
    }
  }
  const exported = edits.length;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      node.name.text === "__proto__"
    )
      edits.push({
        start: node.name.getStart(file),
        end: node.name.getEnd(),
        text: '["__proto__"]',
      });
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (exported !== names.filter((name) => !asciiIdentifier.test(name)).length)
    throw new GenerateError(
      "ajv's code does not export every validator; please report it with the schema",
    );
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
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
