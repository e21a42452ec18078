// Issue 5: "Golden tests over a corpus covering every supported keyword and type and every naming
// hazard: quotes, `*/`, backticks, `${`, backslashes, newlines, unicode, leading digits, reserved
// words, `__proto__`, `constructor`, names that differ only in case or punctuation. The golden
// output is compiled by tsc in the test run, and a test proves no hostile string reaches code
// unescaped."
//
// The corpus is the workspace test/fixtures/generate/hazards/; its output is compared with the
// golden files in expected/ (`vitest run test/generate/hazards.test.ts -u` rewrites them), written
// to a fresh folder under .test-out/, compiled as one program, scanned, and imported.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type OutputFile } from "../../generator/src/generate/generate.js";
import {
  checkWorkspace,
  findConfigFile,
  loadConfig,
  ruleIds,
  toIdentifier,
  Workspace,
} from "../../generator/src/index.js";
import type { ValidationProblem } from "../../packages/runtime/src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = path.join(root, "test/fixtures/generate/hazards");
const expectedFolder = path.join(fixture, "expected");

function loadWorkspace(): Workspace {
  return Workspace.load(loadConfig(findConfigFile(fixture)!, ruleIds));
}

/** Every text of the corpus that generation may carry: names, descriptions, enum values… */
interface Corpus {
  eventNames: string[];
  /** The names in each schema's top `properties`: an event's by its name, a collection's by its. */
  propertyNames: Map<string, string[]>;
  texts: Set<string>;
}

/** Keywords whose value maps names to schemas. */
const nameMaps = new Set(["properties", "patternProperties", "definitions", "dependencies"]);
/** Keywords whose strings are the schema language's own words, not the user's text. */
const vocabulary = new Set(["$schema", "$ref", "type", "format"]);

function readCorpus(workspace: Workspace): Corpus {
  const corpus: Corpus = { eventNames: [], propertyNames: new Map(), texts: new Set() };
  const namesOf = (schema: { properties?: object } | undefined) =>
    schema?.properties ? Object.keys(schema.properties) : [];
  const visit = (value: unknown, key: string | undefined): void => {
    if (typeof value === "string") {
      if (key === undefined || !vocabulary.has(key)) corpus.texts.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (typeof value === "object" && value !== null) {
      for (const [name, child] of Object.entries(value)) {
        if (key !== undefined && nameMaps.has(key)) corpus.texts.add(name);
        visit(child, nameMaps.has(key ?? "") ? undefined : name);
      }
    }
  };
  for (const document of workspace.documents) {
    visit(document.file.value, undefined);
    const root = document.file.value as {
      collection?: string;
      properties?: object;
      events?: { name: string; properties?: { properties?: object } }[];
    };
    if (root.collection) corpus.propertyNames.set(root.collection, namesOf(root));
    for (const event of root.events ?? []) {
      corpus.eventNames.push(event.name);
      corpus.propertyNames.set(event.name, namesOf(event.properties));
    }
  }
  corpus.texts.delete("");
  return corpus;
}

/** The output's path below the output folder: `tracking-plan/src/types.ts`. */
function relative(workspace: Workspace, file: OutputFile): string {
  return path.relative(workspace.config.output, file.path).split(path.sep).join("/");
}

function listFiles(folder: string, prefix = ""): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(folder, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

function where(file: ts.SourceFile, position: number): string {
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  return `${path.relative(root, file.fileName)}:${line + 1}:${character + 1}`;
}

describe("generating the hazards workspace", () => {
  let workspace: Workspace;
  let corpus: Corpus;
  let files: OutputFile[];
  let outFolder: string;
  let program: ts.Program;
  /** The generated TypeScript files, by their path below the output folder. */
  let sources: Map<string, ts.SourceFile>;

  beforeAll(async () => {
    workspace = loadWorkspace();
    corpus = readCorpus(workspace);
    files = await generate(workspace);
    mkdirSync(path.join(root, ".test-out"), { recursive: true });
    outFolder = mkdtempSync(path.join(root, ".test-out", "hazards-"));
    for (const file of files) {
      const target = path.join(outFolder, relative(workspace, file));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  }, 60_000);

  afterAll(() => {
    if (outFolder) rmSync(outFolder, { recursive: true, force: true });
  });

  it("passes segkit check without errors", () => {
    const errors = checkWorkspace(workspace).filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.file}: ${d.rule} ${d.message}`)).toEqual([]);
  });

  it("covers every hazard the issue names", () => {
    const texts = [...corpus.texts];
    for (const hazard of ['"', "*/", "`", "${", "\\", "\n", "\r\n", "\u2028", "注", "é", "🎉"])
      expect(
        texts.some((t) => t.includes(hazard)),
        hazard,
      ).toBe(true);
    for (const name of ["__proto__", "constructor", "class", "delete", "2fa", "toString"])
      expect(corpus.texts.has(name), name).toBe(true);
    // Names that differ only in case or punctuation.
    expect(corpus.eventNames).toEqual(
      expect.arrayContaining(["Order Completed", "order_completed", "Order-Completed"]),
    );
  });

  it("matches the golden files, and no golden file is left over", async () => {
    const produced = new Set(files.map((file) => relative(workspace, file)));
    for (const file of files)
      await expect(file.content).toMatchFileSnapshot(
        path.join(expectedFolder, relative(workspace, file)),
      );
    const goldens = existsSync(expectedFolder) ? listFiles(expectedFolder) : [];
    expect(goldens.filter((golden) => !produced.has(golden))).toEqual([]);
  });

  it("is deterministic: a second run gives the same bytes", async () => {
    const again = await generate(loadWorkspace());
    expect(again.map((f) => [f.path, f.content])).toEqual(files.map((f) => [f.path, f.content]));
  });

  describe("the generated TypeScript", () => {
    beforeAll(() => {
      const configs = files.filter((f) => f.path.endsWith(`${path.sep}tsconfig.json`));
      const options = configs.map((f) => ts.parseConfigFileTextToJson(f.path, f.content));
      // Every package is generated with the same options; one program compiles them all.
      for (const parsed of options) expect(parsed.config).toEqual(options[0]!.config);
      const { options: compilerOptions, errors } = ts.convertCompilerOptionsFromJson(
        options[0]!.config.compilerOptions,
        outFolder,
      );
      expect(errors).toEqual([]);
      const rootNames = files
        .filter((f) => f.path.endsWith(".ts"))
        .map((f) => path.join(outFolder, relative(workspace, f)));
      program = ts.createProgram(rootNames, {
        ...compilerOptions,
        noEmit: true,
        rootDir: undefined,
        outDir: undefined,
        declaration: false,
        typeRoots: [path.join(root, "node_modules/@types")],
        baseUrl: root,
        paths: { "@segkit/runtime": ["packages/runtime/src/index.ts"] },
      });
      expect(compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
      sources = new Map(
        rootNames.map((name) => [path.relative(outFolder, name), program.getSourceFile(name)!]),
      );
    }, 60_000);

    it("compiles in one strict TypeScript program, without a single diagnostic", () => {
      for (const [name, source] of sources) expect(source, name).toBeDefined();
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const at = d.file ? where(d.file, d.start ?? 0) : "";
        return `${at} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
      expect(diagnostics).toEqual([]);
    });

    it("parses without errors, file by file", () => {
      for (const [name, source] of sources)
        expect(program.getSyntacticDiagnostics(source).length, name).toBe(0);
    });

    it("holds hostile text only in string literals, comments and identifier-function names", () => {
      const identifiers = identifierFunctionOutputs(corpus.texts);
      const problems: string[] = [];
      for (const source of sources.values())
        problems.push(...findUnescapedText(source, corpus.texts, identifiers));
      expect(problems).toEqual([]);
    });

    /** The type a generated file declares under `name` (`tracking-plan/src/types.ts`, `TrackEvents`). */
    function declaredType(file: string, name: string): ts.Type {
      const declaration = sources
        .get(path.join(...file.split("/")))!
        .statements.find(
          (s) =>
            (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name,
        );
      return program.getTypeChecker().getTypeAtLocation(declaration!);
    }

    function keysOf(type: ts.Type): string[] {
      return program
        .getTypeChecker()
        .getPropertiesOfType(type)
        .map((p) => p.getName())
        .sort();
    }

    it("declares TrackEvents with exactly the raw event names as keys", () => {
      const eventNames = [...corpus.eventNames].sort();
      expect(keysOf(declaredType("tracking-plan/src/types.ts", "TrackEvents"))).toEqual(eventNames);
      // And TrackEventName is the union of those names, as string literal types.
      const union = declaredType("tracking-plan/src/types.ts", "TrackEventName");
      const members = union.isUnion() ? union.types : [union];
      expect(members.map((t) => (t as ts.StringLiteralType).value).sort()).toEqual(eventNames);
    });

    it("types every property under its raw name, __proto__ and $ref included", () => {
      const checker = program.getTypeChecker();
      const events = declaredType("tracking-plan/src/types.ts", "TrackEvents");
      for (const name of corpus.eventNames) {
        const expected = corpus.propertyNames.get(name)!;
        const property = checker.getPropertyOfType(events, name)!;
        if (expected.length > 0)
          expect(keysOf(checker.getTypeOfSymbol(property)), name).toEqual([...expected].sort());
      }
      expect(keysOf(declaredType("classes/src/types.ts", "Class"))).toEqual(
        [...corpus.propertyNames.get("classes")!].sort(),
      );
    });
  });

  describe("the generated code, imported", () => {
    interface TrackingPlanModule {
      trackEventNames: readonly string[];
      validateTrackEvent(
        event: string,
        properties: unknown,
      ): readonly ValidationProblem[] | undefined;
    }
    type Validator = ((value: unknown) => boolean) & { errors: readonly ValidationProblem[] };

    let plan: TrackingPlanModule;
    let validateClass: Validator;

    beforeAll(async () => {
      delete (globalThis as { pwned?: unknown }).pwned;
      plan = await import(path.join(outFolder, "tracking-plan/src/index.ts"));
      ({ validateClass } = await import(path.join(outFolder, "classes/src/index.ts")));
      for (const name of ["constructors", "dates", "deletes", "protos"])
        await import(path.join(outFolder, name, "src/index.ts"));
    }, 60_000);

    it("runs none of the payloads hidden in names and descriptions", () => {
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    });

    it("lists exactly the raw event names in trackEventNames", () => {
      expect([...plan.trackEventNames].sort()).toEqual([...corpus.eventNames].sort());
      expect(plan.trackEventNames).toHaveLength(corpus.eventNames.length);
    });

    /**
     * For some events, properties they accept and properties they refuse; the others accept `{}`
     * and refuse `42`. A Map: an object literal's `__proto__` key would set its prototype.
     */
    const samples = new Map<string, { valid: unknown; invalid?: unknown }>([
      [
        "Order Completed",
        {
          valid: JSON.parse(
            '{"order_id": "AB-1", "total": 1, "products": [{"sku": "a", "price": 1}], "$ref": 2,' +
              ' "enum": "e", "object_const": {"__proto__": {"polluted": true}, "constructor": "c"},' +
              ' "object_enum": {"__proto__": 1}, "region": {"country": "US", "postal_code": "12345"},' +
              ' "attributes": {"x-a": "s", "12*/": 1, "\\"quoted\\"": true, "`tick`${x}": 2,' +
              ' "back\\\\slash": "b", "注文": "c"}, "billing": {"card": "4", "billing_address": "a"}}',
          ),
          // object_const without its __proto__ key: no match for the const.
          invalid: JSON.parse(
            '{"order_id": "AB-1", "total": 1, "products": [{"sku": "a", "price": 1}], "$ref": 2,' +
              ' "enum": "e", "object_const": {"constructor": "c"}}',
          ),
        },
      ],
      ["__proto__", { valid: JSON.parse('{"__proto__": "p", "constructor": "c"}'), invalid: {} }],
      ["constructor", { valid: { prototype: 1 }, invalid: {} }],
      [
        "Tree Viewed",
        {
          valid: { label: "root", children: [{ label: "leaf", parent: null }] },
          invalid: { label: "root", children: [{}] },
        },
      ],
      ["Anything Goes", { valid: 42 }],
      ["2fa Enabled", { valid: { method: "sms" }, invalid: { method: "email" } }],
      ["注文完了", { valid: { 注文番号: "1" }, invalid: { 注文番号: 1 } }],
      ["🎉", { valid: { "🎉": "!" }, invalid: { "🎉": 1 } }],
    ]);

    it("validates each event by its raw name, __proto__ and constructor included", () => {
      for (const name of corpus.eventNames) {
        const { valid, invalid = 42 } = samples.get(name) ?? { valid: {} };
        expect(plan.validateTrackEvent(name, valid), name).toEqual([]);
        if (name !== "Anything Goes")
          expect(plan.validateTrackEvent(name, invalid)?.length, name).toBeGreaterThan(0);
      }
      // Names the plan does not have, Object.prototype's among them, are no event.
      for (const name of ["hasOwnProperty", "valueOf", "Order completed", "order-completed"])
        expect(plan.validateTrackEvent(name, {}), name).toBeUndefined();
    });

    it("finds required properties named __proto__ and constructor only as own properties", () => {
      const pointers = (problems: readonly ValidationProblem[] | undefined) =>
        (problems ?? []).map((p) => p.pointer).sort();
      expect(pointers(plan.validateTrackEvent("__proto__", {}))).toEqual([
        "/__proto__",
        "/constructor",
      ]);
      const object = JSON.parse(
        '{"name": "n", "__proto__": "p", "constructor": 1, "quote\\"d": "q", "kind": "__proto__"}',
      );
      expect(validateClass({ ...object, created_at: new Date(0) }), "valid").toBe(true);
      expect(validateClass({ name: "n", 'quote"d': "q" })).toBe(false);
      expect(pointers(validateClass.errors)).toEqual(["/__proto__", "/constructor"]);
    });
  });
});

/**
 * What the identifier function makes of every text of the corpus: the only way schema text may
 * reach an identifier (`2fa Enabled` → `_2faEnabled`, `注文` → `注文`).
 */
function identifierFunctionOutputs(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    out.add(toIdentifier(text, "pascal"));
    out.add(toIdentifier(text, "camel"));
  }
  return [...out];
}

/** Names that mean something to JavaScript itself: as a key or an identifier they are hazards. */
function isHostileIdentifier(text: string): boolean {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text)) return false;
  return (
    ts.identifierToKeywordKind(ts.factory.createIdentifier(text)) !== undefined ||
    text === "prototype" ||
    Object.getOwnPropertyNames(Object.prototype).includes(text)
  );
}

/** Where a name is a key (`{ constructor: … }`, `data.constructor`), not a binding. */
function isPropertyName(node: ts.Identifier, parent: ts.Node): boolean {
  return (
    ((ts.isPropertySignature(parent) || ts.isPropertyAssignment(parent)) && parent.name === node) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node)
  );
}

/**
 * Every place in `source` where a text of the corpus reaches code unescaped. A text may appear
 * only inside a string literal or a comment, inside an identifier where the identifier function
 * made it (`_2faEnabledProperties`), or, when it is an identifier itself, as a property name
 * (`café?: string`, `data.constructor`). A key `__proto__` in an object literal is never allowed:
 * it sets the literal's prototype instead of making a property.
 */
function findUnescapedText(
  source: ts.SourceFile,
  texts: ReadonlySet<string>,
  identifierOutputs: readonly string[],
): string[] {
  const text = source.text;
  const safe: [number, number][] = [];
  /** Each identifier, with the node it is a child of. */
  const identifiers: [ts.Identifier, ts.Node][] = [];
  const problems: string[] = [];
  const seenComments = new Set<number>();
  const addComments = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? [])
      if (!seenComments.has(range.pos)) {
        seenComments.add(range.pos);
        safe.push([range.pos, range.end]);
      }
  };
  const visit = (node: ts.Node, parent: ts.Node): void => {
    addComments(ts.getLeadingCommentRanges(text, node.getFullStart()));
    addComments(ts.getTrailingCommentRanges(text, node.getEnd()));
    if (
      ts.isStringLiteralLike(node) ||
      ts.isRegularExpressionLiteral(node) ||
      ts.isTemplateLiteralToken(node)
    )
      safe.push([node.getStart(source), node.getEnd()]);
    // A comment's words are not code, however JSDoc parses them (its range is safe already).
    if (ts.isJSDoc(node)) return;
    if (ts.isIdentifier(node)) identifiers.push([node, parent]);
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      node.name.text === "__proto__"
    )
      problems.push(`${where(source, node.getStart(source))}: an object literal sets __proto__`);
    for (const child of node.getChildren(source)) visit(child, node);
  };
  visit(source, source);

  const allowedInIdentifier = (
    [node, parent]: [ts.Identifier, ts.Node],
    start: number,
    end: number,
  ): boolean => {
    if (isPropertyName(node, parent) && texts.has(node.text)) return true;
    const name = node.text;
    const offset = node.getStart(source);
    return identifierOutputs.some((output) => {
      for (let at = name.indexOf(output); at >= 0; at = name.indexOf(output, at + 1))
        if (offset + at <= start && end <= offset + at + output.length) return true;
      return false;
    });
  };

  for (const [node, parent] of identifiers)
    if (texts.has(node.text) && isHostileIdentifier(node.text) && !isPropertyName(node, parent))
      problems.push(`${where(source, node.getStart(source))}: ${node.text} is code, not a key`);

  for (const hostile of texts) {
    if (isHostileIdentifier(hostile) || /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(hostile)) continue;
    for (let at = text.indexOf(hostile); at >= 0; at = text.indexOf(hostile, at + 1)) {
      const end = at + hostile.length;
      if (safe.some(([from, to]) => from <= at && end <= to)) continue;
      const inside = identifiers.find(([n]) => n.getStart(source) <= at && end <= n.getEnd());
      if (inside && allowedInIdentifier(inside, at, end)) continue;
      problems.push(
        `${where(source, at)}: ${JSON.stringify(hostile)} is outside literals and comments`,
      );
    }
  }
  return problems;
}
