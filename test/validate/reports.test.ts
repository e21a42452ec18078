// Issue 6: "Fixtures for every input kind and every error class, with golden output in every format;
// the SARIF output validates against the SARIF 2.1.0 schema and the JUnit output parses (one test
// case per file)." The fixtures are test/fixtures/validate/inputs, checked against the example
// workspace; update the goldens with `vitest run test/validate/reports.test.ts -u` and read the diff.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { validateRules } from "../../generator/src/validate/rules.js";
import { runSegkit, type SegkitRun } from "../cli/segkit-process.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const inputs = "test/fixtures/validate/inputs";
const expected = path.join(repoRoot, "test/fixtures/validate/expected");
const formats = ["pretty", "json", "github", "sarif", "junit"] as const;

const runs = new Map<string, SegkitRun>();

beforeAll(async () => {
  // One run per format over every fixture (--max-errors 0: every problem is shown).
  for (const format of formats)
    runs.set(
      format,
      await runSegkit(["validate", inputs, "--format", format, "--max-errors", "0"], {
        cwd: repoRoot,
      }),
    );
}, 120_000);

interface JsonReport {
  summary: {
    files: number;
    errors: number;
    warnings: number;
    byRule: Record<string, number>;
    perFile: { file: string; kind: string | null; errors: number; unreadable?: string }[];
  };
  diagnostics: {
    rule: string;
    severity: string;
    file: string;
    pointer: string;
    message: string;
    range: { start: { line: number; column: number } };
    expected?: string;
    actual?: string;
    hint?: string;
  }[];
}

const report = () => JSON.parse(runs.get("json")!.stdout) as JsonReport;

describe("golden output", () => {
  for (const format of formats) {
    it(`--format ${format} matches its golden file`, async () => {
      const run = runs.get(format)!;
      // A truncated gzip file is among the fixtures: unreadable input is exit 2.
      expect(run.code, run.stderr).toBe(2);
      // JUnit records how long each file took; the golden does not.
      const stable = run.stdout.replace(/time="[0-9.]+"/g, 'time="0"');
      await expect(stable).toMatchFileSnapshot(path.join(expected, `report.${format}`));
    });
  }
});

describe("golden output of --collection", () => {
  // collection-mismatch needs the option: a second run over the Bulk fixture that mixes collections.
  for (const format of formats) {
    it(`--format ${format} matches its golden file`, async () => {
      const run = await runSegkit(
        ["validate", `${inputs}/bulk-valid.ndjson`, "--collection", "rooms", "--format", format],
        { cwd: repoRoot },
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain("collection-mismatch");
      const stable = run.stdout.replace(/time="[0-9.]+"/g, 'time="0"');
      await expect(stable).toMatchFileSnapshot(path.join(expected, `collection.${format}`));
    });
  }
});

describe("the fixtures cover every input kind and every rule", () => {
  it("detects each kind of file from its content and extension", () => {
    const kinds = Object.fromEntries(
      report().summary.perFile.map((f) => [path.basename(f.file), f.kind]),
    );
    expect(kinds).toMatchObject({
      "objects-valid.json": "objects",
      "objects-errors.json": "objects",
      "bulk-valid.ndjson": "bulk",
      "bulk-gzip.ndjson.gz": "bulk",
      "events-valid.json": "event",
      "events-array.json": "event",
      "events-errors.ndjson": "event",
      "unknown-kind.json": null,
    });
  });

  it("reports every rule but file-too-large (bad-input.test.ts writes a 540 MB file) and collection-mismatch (above)", () => {
    const seen = new Set(report().diagnostics.map((d) => d.rule));
    const sizeRules = ["file-too-large", "collection-mismatch"];
    for (const rule of validateRules)
      if (!sizeRules.includes(rule.id)) expect(seen, rule.id).toContain(rule.id);
  });

  it("passes the valid fixtures without a problem", () => {
    const clean = report().summary.perFile.filter((f) => f.file.includes("-valid"));
    expect(clean.length).toBe(3);
    for (const file of clean) expect(file.errors, file.file).toBe(0);
  });

  it("gives every diagnostic a file, line, column, pointer, rule and hint", () => {
    for (const d of report().diagnostics) {
      expect(d.file).toMatch(/^test\/fixtures\/validate\/inputs\//);
      expect(d.range.start.line).toBeGreaterThan(0);
      expect(d.range.start.column).toBeGreaterThan(0);
      expect(typeof d.pointer).toBe("string");
      expect(d.hint).toBeTruthy();
    }
  });

  it("says what was expected and what was found for schema problems", () => {
    const schema = report().diagnostics.filter((d) => d.rule === "schema");
    expect(schema.length).toBeGreaterThan(10);
    for (const d of schema) {
      expect(d.expected, d.message).toBeTruthy();
      expect(d.actual, d.message).toBeTruthy();
    }
    expect(schema).toContainEqual(
      expect.objectContaining({
        file: `${inputs}/objects-errors.json`,
        pointer: "/0/objects/0/properties/currency",
        range: expect.objectContaining({
          start: expect.objectContaining({ line: 12, column: 23 }),
        }),
        expected: 'one of "USD", "EUR", "GBP", "JPY"',
        actual: '"usd" (a string)',
      }),
    );
  });

  it("counts problems per rule in the summary", () => {
    const { summary, diagnostics } = report();
    const counted = Object.values(summary.byRule).reduce((a, b) => a + b, 0);
    expect(counted).toBe(diagnostics.length);
    expect(summary.errors + summary.warnings).toBe(diagnostics.length);
  });
});

describe("SARIF", () => {
  const require = createRequire(import.meta.url);
  // The official SARIF 2.1.0 schema (rtm.5, draft-04), as @microsoft/jest-sarif ships it.
  const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object;
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validateSarif = ajv.compile(sarifSchema);

  it("is valid against the SARIF 2.1.0 schema", () => {
    const log = JSON.parse(runs.get("sarif")!.stdout) as unknown;
    validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
  });

  it("lists every rule and carries expected, actual and hint per result", () => {
    const log = JSON.parse(runs.get("sarif")!.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; properties?: Record<string, string> }[];
      }[];
    };
    const [run] = log.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(validateRules.map((r) => r.id));
    const schema = run!.results.find((r) => r.ruleId === "schema")!;
    expect(schema.properties).toEqual(
      expect.objectContaining({ expected: expect.any(String), actual: expect.any(String) }),
    );
  });

  it("the schema check is live: a broken log fails it", () => {
    const log = JSON.parse(runs.get("sarif")!.stdout) as { version: string };
    expect(validateSarif({ ...log, version: "2.0.0" })).toBe(false);
  });
});

describe("JUnit", () => {
  it("parses, with one test case per file; files with errors fail, unreadable ones are errors", () => {
    const xml = runs.get("junit")!.stdout;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === "testcase",
    }).parse(xml) as {
      testsuites: {
        testsuite: {
          "@_tests": string;
          "@_failures": string;
          "@_errors": string;
          testcase: { "@_name": string; failure?: unknown; error?: unknown }[];
        };
      };
    };
    const suite = parsed.testsuites.testsuite;
    const perFile = report().summary.perFile;
    expect(suite.testcase.map((c) => c["@_name"])).toEqual(perFile.map((f) => f.file));
    expect(Number(suite["@_tests"])).toBe(perFile.length);
    const failing = perFile.filter((f) => f.errors > 0 && f.unreadable === undefined);
    const unreadable = perFile.filter((f) => f.unreadable !== undefined);
    expect(Number(suite["@_failures"])).toBe(failing.length);
    expect(Number(suite["@_errors"])).toBe(unreadable.length);
    for (const testcase of suite.testcase) {
      const file = perFile.find((f) => f.file === testcase["@_name"])!;
      expect(testcase.failure !== undefined, file.file).toBe(
        file.errors > 0 && file.unreadable === undefined,
      );
      expect(testcase.error !== undefined, file.file).toBe(file.unreadable !== undefined);
    }
  });
});

describe("exit codes", () => {
  it("is 0 for valid files, warnings allowed", async () => {
    const run = await runSegkit(
      [
        "validate",
        `${inputs}/objects-valid.json`,
        `${inputs}/bulk-valid.ndjson`,
        `${inputs}/events-valid.json`,
      ],
      { cwd: repoRoot },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("all valid");
  });

  it("is 1 for invalid files", async () => {
    const run = await runSegkit(["validate", `${inputs}/bulk-errors.ndjson`], { cwd: repoRoot });
    expect(run.code).toBe(1);
  });

  it("is 2, with a one-line reason, for a path that does not exist or a bad option", async () => {
    const missing = await runSegkit(["validate", "nope.ndjson"], { cwd: repoRoot });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toEqual([
      "segkit: nope.ndjson does not exist; pass payload files, folders or globs",
    ]);
    const kind = await runSegkit(["validate", inputs, "--kind", "csv"], { cwd: repoRoot });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/--kind/);
    const collection = await runSegkit(["validate", inputs, "--collection", "room"], {
      cwd: repoRoot,
    });
    expect(collection.code).toBe(2);
    expect(collection.stderr).toContain("did you mean rooms?");
  });
});
