// Issue: "`--format json|github|sarif|pretty` on stdout; `--output-file`; `--color`/`--no-color`/
// NO_COLOR/FORCE_COLOR behaviour (colour only on TTY by default)."
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules } from "../../generator/src/check/rules/index.js";
import {
  ansiEscape,
  expectNoStackTrace,
  makeWorkspace,
  removeWorkspaces,
  runSegkit,
} from "./segkit-process.js";

const rooms = {
  collection: "rooms",
  type: "object",
  properties: {
    name: { type: "string", maxLength: 100000 },
    reviewCount: { type: "integer" },
  },
  required: ["name"],
};
const suites = { collection: "rooms", type: "object", properties: { name: { type: "string" } } };
const roomsText = JSON.stringify(rooms, null, 2) + "\n";
const suitesText = JSON.stringify(suites, null, 2) + "\n";

/** 1-based line and column of the first `needle` in `text`, as diagnostics count them. */
function positionOf(text: string, needle: string) {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1, offset };
}

// In display order: by file, then by position.
const expected = [
  {
    rule: "string-max-length",
    severity: "error",
    file: "schemas/collections/rooms.json",
    pointer: "/properties/name/maxLength",
    start: positionOf(roomsText, "100000"),
    fixable: true,
  },
  {
    rule: "property-name-case",
    severity: "warning",
    file: "schemas/collections/rooms.json",
    pointer: "/properties/reviewCount",
    start: positionOf(roomsText, '"reviewCount"'),
    fixable: true,
  },
  {
    rule: "duplicate-collection",
    severity: "error",
    file: "schemas/collections/suites.json",
    pointer: "/collection",
    start: positionOf(suitesText, '"rooms"'),
    fixable: false,
  },
];

interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  summary: {
    checkedFiles: number;
    errors: number;
    warnings: number;
    files: number;
    fixable: number;
  };
  diagnostics: {
    rule: string;
    severity: string;
    message: string;
    file: string;
    pointer: string;
    range: { start: { line: number; column: number; offset: number } };
    fix?: { description: string };
    related?: { file: string; message: string }[];
  }[];
}

let cwd: string;
beforeAll(async () => {
  cwd = await makeWorkspace({
    "segkit.config.json": {},
    "schemas/collections/rooms.json": roomsText,
    "schemas/collections/suites.json": suitesText,
  });
});
afterAll(removeWorkspaces);

const check = (args: string[], env?: Record<string, string>) =>
  runSegkit(["check", ...args], { cwd, ...(env && { env }) });

describe.concurrent("--format", () => {
  it("json: the stable machine format, with locations, fixes and related places", async () => {
    const run = await check(["--format", "json"]);
    expectNoStackTrace(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe("segkit");
    expect(report.summary).toEqual({
      checkedFiles: 2,
      errors: 2,
      warnings: 1,
      files: 2,
      fixable: 2,
    });
    expect(
      report.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        file: d.file,
        pointer: d.pointer,
        start: d.range.start,
        fixable: d.fix !== undefined,
      })),
    ).toEqual(expected);
    const duplicate = report.diagnostics[2]!;
    expect(duplicate.message).toContain("schemas/collections/rooms.json");
    expect(duplicate.related).toEqual([
      expect.objectContaining({ file: "schemas/collections/rooms.json" }),
    ]);
  });

  it("github: one workflow command per diagnostic, then a summary", async () => {
    const run = await check(["--format", "github"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach((want, index) => {
      expect(lines[index]).toMatch(
        new RegExp(
          `^::${want.severity} file=${want.file},line=${want.start.line},col=${want.start.column},endLine=\\d+,endColumn=\\d+,title=segkit ${want.rule}::\\S`,
        ),
      );
    });
    expect(lines[1]).toMatch(/ \(fix: Rename "reviewCount" to "review_count"\)$/);
    expect(lines.at(-1)).toBe("segkit check: 2 errors, 1 warning in 2 files");
  });

  it("pretty: a located headline, a code frame and the fix for each problem, then a summary", async () => {
    const run = await check(["--format", "pretty"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const blocks = run.stdout.trimEnd().split("\n\n");
    expect(blocks).toHaveLength(expected.length + 1);
    expected.forEach((want, index) => {
      const [headline, ...frame] = blocks[index]!.split("\n");
      expect(headline).toMatch(
        new RegExp(
          `^${want.file}:${want.start.line}:${want.start.column} ${want.severity} .+ \\[${want.rule}\\]$`,
        ),
      );
      // The frame marks the line and underlines the span from its column.
      const marked = frame.find((line) => line.startsWith("  > "));
      expect(marked).toMatch(new RegExp(`^  > +${want.start.line} \\|`));
      const underline = frame[frame.indexOf(marked!) + 1]!;
      const gutter = marked!.indexOf("|") + 2;
      expect(underline.indexOf("^") - gutter).toBe(want.start.column - 1);
      expect(frame.some((line) => line.startsWith("  fix: "))).toBe(want.fixable);
    });
    expect(blocks[2]).toContain("  note: ");
    expect(blocks.at(-1)).toBe(
      "✖ 3 problems (2 errors, 1 warning) in 2 files of 2 files checked; 2 fixable with --fix",
    );
  });

  it("pretty is the default", async () => {
    const [pretty, plain] = await Promise.all([check(["--format", "pretty"]), check([])]);
    expect(plain).toEqual(pretty);
  });
});

describe.concurrent("--format sarif", () => {
  // The official SARIF 2.1.0 schema (rtm.5, JSON Schema draft-04), as @microsoft/jest-sarif ships it.
  const require = createRequire(import.meta.url);
  const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object;
  // unicodeRegExp: false — the schema's "language" pattern is not valid with the u flag.
  // Both are CommonJS: the default import is module.exports, whose `default` is the export.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validateSarif = ajv.compile(sarifSchema);

  let log: {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string }[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: {
          physicalLocation: {
            artifactLocation: { uri: string; uriBaseId: string };
            region: { startLine: number; startColumn: number; charOffset: number };
          };
        }[];
        fixes?: unknown[];
        relatedLocations?: unknown[];
      }[];
    }[];
  };
  beforeAll(async () => {
    const run = await check(["--format", "sarif"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    log = JSON.parse(run.stdout) as typeof log;
  });

  it("is valid against the SARIF 2.1.0 schema", () => {
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("would be rejected by the schema if it were malformed (the validator is live)", () => {
    const broken = structuredClone(log);
    broken.runs[0]!.results[0]!.level = "fatal";
    expect(validateSarif(broken)).toBe(false);
    expect(validateSarif({ ...log, version: "2.0.0" })).toBe(false);
  });

  it("describes every rule and points each result at its rule and place", () => {
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("segkit");
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(run.results).toHaveLength(expected.length);
    run.results.forEach((result, index) => {
      const want = expected[index]!;
      expect(result.ruleId).toBe(want.rule);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(want.rule);
      expect(result.level).toBe(want.severity);
      expect(result.locations[0]!.physicalLocation).toEqual({
        artifactLocation: { uri: want.file, uriBaseId: "%SRCROOT%" },
        region: expect.objectContaining({
          startLine: want.start.line,
          startColumn: want.start.column,
          charOffset: want.start.offset,
        }),
      });
      expect(result.fixes !== undefined).toBe(want.fixable);
    });
    expect(run.results[2]!.relatedLocations).toHaveLength(1);
  });
});

describe.concurrent("--output-file", () => {
  it("writes the report to the file, not stdout, and keeps the exit code", async () => {
    await mkdir(path.join(cwd, "reports"), { recursive: true });
    const [toFile, toStdout] = await Promise.all([
      check(["--format", "json", "--output-file", "reports/segkit.json"]),
      check(["--format", "json"]),
    ]);
    expect(toFile).toMatchObject({ code: 1, stdout: "", stderr: "" });
    expect(await readFile(path.join(cwd, "reports/segkit.json"), "utf8")).toBe(toStdout.stdout);
  });

  it("never colours the file, even with --color", async () => {
    const run = await check(["-o", "report.txt", "--color"], { FORCE_COLOR: "1" });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    const report = await readFile(path.join(cwd, "report.txt"), "utf8");
    expect(report).toContain("✖ 3 problems");
    expect(report).not.toMatch(ansiEscape);
  });
});

describe.concurrent("colour", () => {
  /** Every part the pretty format paints: location, severity, rule id, code frame, summary. */
  const expectFullyColoured = (stdout: string) => {
    expect(stdout).toContain("\u001b[1mschemas/collections/rooms.json:");
    expect(stdout).toContain("\u001b[31merror");
    expect(stdout).toContain("\u001b[2m[string-max-length]");
    // The code frame is highlighted: a grey gutter, green strings.
    expect(
      stdout.split("\n").filter((line) => line.includes("\u001b[90m") && /\d \|/.test(line)),
    ).not.toHaveLength(0);
    expect(stdout).toContain('\u001b[32m"reviewCount"');
    expect(stdout).toContain("\u001b[31m✖ 3 problems");
  };

  it.each([
    ["by default (stdout is a pipe, not a terminal)", [], {}, false],
    ["with --color", ["--color"], {}, true],
    ["with --no-color", ["--no-color"], {}, false],
    ["with FORCE_COLOR=1", [], { FORCE_COLOR: "1" }, true],
    ["with FORCE_COLOR=0", [], { FORCE_COLOR: "0" }, false],
    ["with NO_COLOR=1", [], { NO_COLOR: "1" }, false],
    [
      "with NO_COLOR=1 and FORCE_COLOR=1 (NO_COLOR wins)",
      [],
      { NO_COLOR: "1", FORCE_COLOR: "1" },
      false,
    ],
    [
      "with --no-color and FORCE_COLOR=1 (the flag wins)",
      ["--no-color"],
      { FORCE_COLOR: "1" },
      false,
    ],
    ["with --color and NO_COLOR=1 (the flag wins)", ["--color"], { NO_COLOR: "1" }, true],
  ])("pretty %s", async (_name, args, env, coloured) => {
    const run = await check(args, env);
    expect(run.code).toBe(1);
    if (coloured) expectFullyColoured(run.stdout);
    else expect(run.stdout).not.toMatch(ansiEscape);
  });

  it.each(["json", "github", "sarif"])("%s is never coloured", async (format) => {
    const run = await check(["--format", format, "--color"], { FORCE_COLOR: "1" });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(ansiEscape);
  });
});
