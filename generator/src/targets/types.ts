import { compile, type JSONSchema } from "json-schema-to-typescript";
import { ts } from "ts-morph";
import { GenerateError } from "../errors.js";
import { commentText } from "../generate/code-text.js";
import { definitionName, type JsonSchema } from "../ir/bundle.js";
import { isDate } from "../ir/lower.js";
import { avoidGlobals } from "../ir/names.js";
import { toIdentifier } from "../naming/identifiers.js";
import { isPlainObject } from "../workspace/json-pointer.js";

/** A schema to declare as a type named `name`. */
export interface TypeRoot {
  name: string;
  schema: JsonSchema;
}

export interface TypeOptions {
  /** Properties in `date-time` or `date` format accept `string | Date` (collections send Dates). */
  datesAcceptDate: boolean;
  /** Names the file declares besides these types (`TrackEvents`): no definition may take one. */
  reservedNames: readonly string[];
}

/**
 * TypeScript declarations for `roots` and the bundled `definitions` they share, built by
 * json-schema-to-typescript: JSDoc from descriptions, optional vs required, enums as literal
 * unions. Each root and definition is declared once, under a placeholder name that the
 * library cannot alter (it rewrites names it is given), then renamed from the syntax tree to the
 * identifier segkit chose — never by searching the text.
 */
export async function declareTypes(
  roots: readonly TypeRoot[],
  definitions: Record<string, JsonSchema>,
  options: TypeOptions,
): Promise<string> {
  const placeholders = new Map<string, string>();
  const placeholderOf = new Map<string, string>();
  const all: Record<string, unknown> = {};
  // A schema that is only a `$ref` is declared as an alias: the library would merge it into its
  // target and keep one of the two names.
  const aliases: { name: string; target: string }[] = [];
  const place = (name: string, schema: JsonSchema) => {
    if (Object.keys(schema).length === 1 && typeof schema.$ref === "string") {
      aliases.push({ name, target: `definition:${definitionName(schema.$ref)}` });
      return;
    }
    const placeholder = `SegkitPlaceholder${placeholders.size}`;
    placeholders.set(placeholder, name);
    placeholderOf.set(name, placeholder);
    all[placeholder] = schema;
  };
  for (const root of roots) place(root.name, root.schema);
  for (const [name, schema] of Object.entries(definitions)) place(`definition:${name}`, schema);
  // A `$ref` to an alias means its target: follow the chain to a declared placeholder.
  for (const alias of aliases) {
    let target = alias.target;
    for (let hops = 0; hops <= aliases.length && !placeholderOf.has(target); hops++) {
      const next = aliases.find((a) => a.name === target);
      if (!next) break;
      target = next.target;
    }
    const placeholder = placeholderOf.get(target);
    if (placeholder) placeholderOf.set(alias.name, placeholder);
  }
  // Every $ref now points at a placeholder; descriptions go through the one comment function.
  const prepared = Object.fromEntries(
    Object.entries(all).map(([placeholder, schema]) => [
      placeholder,
      prepare(schema, placeholderOf, options) as JSONSchema,
    ]),
  );
  const source = await compile(
    { definitions: prepared, type: "object", additionalProperties: false },
    "SegkitRoot",
    {
      bannerComment: "",
      format: false,
      additionalProperties: false,
      unreachableDefinitions: true,
      declareExternallyReferenced: true,
      strictIndexSignatures: true,
      unknownAny: true,
      customName: (_schema, keyNameFromDefinition) => keyNameFromDefinition,
    },
  );
  const names = finalNames(placeholders, aliases, options.reservedNames);
  const declarations = rename(source, names);
  assertOnlyDeclarations(declarations);
  const aliasLines = aliases.map(
    ({ name, target }) =>
      `export type ${names.get(name) ?? name} = ${resolveAlias(target, aliases, names)};`,
  );
  return [declarations, ...aliasLines].join("\n\n").trim();
}

/** The identifier each placeholder and definition becomes: roots keep theirs, definitions get one. */
function finalNames(
  placeholders: Map<string, string>,
  aliases: readonly { name: string }[],
  reservedNames: readonly string[],
): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>(reservedNames);
  const all = [...placeholders.values(), ...aliases.map((a) => a.name)];
  for (const name of all) if (!name.startsWith("definition:")) used.add(name);
  for (const name of all) {
    if (!name.startsWith("definition:") || names.has(name)) continue;
    const base = avoidGlobals(toIdentifier(name.slice("definition:".length), "pascal"));
    let final = base;
    for (let n = 2; used.has(final); n++) final = `${base}${n}`;
    used.add(final);
    names.set(name, final);
  }
  for (const [placeholder, name] of placeholders) names.set(placeholder, names.get(name) ?? name);
  return names;
}

/** The type an alias stands for, following aliases of aliases; `unknown` for a loop of them. */
function resolveAlias(
  target: string,
  aliases: readonly { name: string; target: string }[],
  names: Map<string, string>,
): string {
  for (let hops = 0; hops < aliases.length + 1; hops++) {
    const next = aliases.find((a) => a.name === target);
    if (!next) return names.get(target) ?? "unknown";
    target = next.target;
  }
  return "unknown";
}

/** Keywords whose value maps names (any text: `enum`, `$ref`, `__proto__`…) to schemas. */
const schemaMapKeywords = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "dependencies",
]);
/** Keywords whose value is data, not schemas: taken as it is. */
const dataKeywords = new Set(["enum", "const", "default", "examples", "required"]);

/**
 * A copy of `schema` with refs renamed, comment text made safe, and dates typed as chosen. Walked
 * by keyword: a property named `description` or `$ref` is a name, never taken for the keyword, and
 * entries are defined, never assigned (assigning `__proto__` would set the copy's prototype).
 */
function prepare(
  schema: unknown,
  placeholderOf: Map<string, string>,
  options: TypeOptions,
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => prepare(item, placeholderOf, options));
  if (!isPlainObject(schema)) return schema;
  const entries = Object.entries(schema).map(([key, child]): [string, unknown] => {
    if (key === "$ref" && typeof child === "string")
      return [key, `#/definitions/${placeholderOf.get(`definition:${definitionName(child)}`)}`];
    if (key === "description" && typeof child === "string") return [key, commentText(child)];
    if (dataKeywords.has(key)) return [key, child];
    if (!schemaMapKeywords.has(key) || !isPlainObject(child))
      return [key, prepare(child, placeholderOf, options)];
    return [
      key,
      Object.fromEntries(
        Object.entries(child).map(([name, sub]) => [
          // The library quotes patternProperties keys into a comment, escaping only the first
          // "*/". "\/" means "/" in a regular expression (u flag included), so escaping them all
          // changes nothing else.
          key === "patternProperties" ? name.replaceAll("*/", "*\\/") : name,
          prepare(sub, placeholderOf, options),
        ]),
      ),
    ];
  });
  if (options.datesAcceptDate && isDate(schema)) {
    // Set by segkit, never read from the schema (the bundler drops a schema's own tsType).
    entries.push([
      "tsType",
      Array.isArray(schema.type) && schema.type.includes("null")
        ? "string | Date | null"
        : "string | Date",
    ]);
  }
  return Object.fromEntries(entries);
}

/**
 * The declarations with placeholders renamed: root placeholders to their names, definition
 * placeholders to identifiers made from the definition's name. The root interface is dropped.
 */
function rename(source: string, finalNames: Map<string, string>): string {
  const file = ts.createSourceFile("types.ts", source, ts.ScriptTarget.Latest, false);
  const edits: { start: number; end: number; text: string }[] = [];
  let rootStart = -1;
  let rootEnd = -1;
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "SegkitRoot") {
      rootStart = node.getFullStart();
      rootEnd = node.getEnd();
      return;
    }
    if (ts.isIdentifier(node)) {
      const final = finalNames.get(node.text);
      if (final !== undefined)
        edits.push({ start: node.getStart(file), end: node.getEnd(), text: final });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  const all = [...edits];
  if (rootStart >= 0) all.push({ start: rootStart, end: rootEnd, text: "" });
  for (const edit of all.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  // The library notes where each definition came from; those notes name placeholders, not the
  // user's schema, and only confuse a reader.
  return out.replace(referencedNote, "").trim();
}

const referencedNote =
  /\n? \*\s*\n \* This interface was referenced by `SegkitRoot`'s JSON-Schema( definition)?\n \* via the `(definition|patternProperty)` "[^\n]*"\.|\/\*\*\n \* This interface was referenced by `SegkitRoot`'s JSON-Schema( definition)?\n \* via the `(definition|patternProperty)` "[^\n]*"\.\n \*\/\n/g;

/**
 * The last line of defence against schema text escaping into code: the declarations must parse
 * without error and hold nothing but type declarations.
 */
function assertOnlyDeclarations(source: string): void {
  const file = ts.createSourceFile("types.ts", source, ts.ScriptTarget.Latest, false);
  // Parse errors are not part of the public API; `parseDiagnostics` has held them since TS 1.x.
  const errors = (file as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  const stray = file.statements.find(
    (statement) =>
      !ts.isInterfaceDeclaration(statement) &&
      !ts.isTypeAliasDeclaration(statement) &&
      !ts.isEnumDeclaration(statement),
  );
  if ((errors && errors.length > 0) || stray)
    throw new GenerateError(
      "json-schema-to-typescript produced something other than type declarations; this is a bug in segkit: please report it with the schema",
    );
}
