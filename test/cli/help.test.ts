// Issue: "`segkit --help` and `segkit check --help` explain every option."
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules } from "../../generator/src/check/rules/index.js";
import {
  expectNoStackTrace,
  expectOneLineReason,
  makeWorkspace,
  removeWorkspaces,
  runSegkit,
  type SegkitRun,
} from "./segkit-process.js";

const generatorVersion = (
  JSON.parse(readFileSync(new URL("../../generator/package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

/**
 * An option's entry in yargs help: its flags with the description starting on the same line,
 * and the description's continuation lines, joined into one line.
 */
function optionHelp(help: string, flag: string): string | undefined {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => new RegExp(`^ +(?:-\\w, )?${flag} {2,}\\S`).test(line));
  if (start === -1) return undefined;
  const indent = /^ +(?:-\w, )?\S+ +/.exec(lines[start]!)![0].length;
  const entry = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(" ".repeat(indent))) break;
    entry.push(line);
  }
  return entry.join(" ").replace(/\s+/g, " ").trim();
}

let cwd: string;
beforeAll(async () => {
  // Help needs no workspace; an empty folder proves it does not look for one.
  cwd = await makeWorkspace({});
});
afterAll(removeWorkspaces);

describe.concurrent("segkit --help", () => {
  it("lists the commands and the global options, and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const run = await runSegkit([flag], { cwd });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/^ +segkit check \[paths\.\.\] +Check the workspace/m);
      expect(optionHelp(run.stdout, "--version")).toContain("Show version number");
      expect(optionHelp(run.stdout, "--help")).toContain("Show help");
    }
  });

  it("prints the version of @segkit/generator with --version", async () => {
    const run = await runSegkit(["--version"], { cwd });
    expect(run).toEqual({ code: 0, stdout: `${generatorVersion}\n`, stderr: "" });
  });
});

describe("segkit check --help", () => {
  let run: SegkitRun;
  beforeAll(async () => {
    run = await runSegkit(["check", "--help"], { cwd });
  });

  it("exits 0 and prints help only", () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expectNoStackTrace(run);
    expect(run.stdout).toMatch(/^segkit check \[paths\.\.\]\n/);
  });

  it.each([
    ["paths", /Schema files or folders to report on/],
    ["--format", /How to print diagnostics: pretty .*, json .*, github .*, sarif/],
    ["--max-warnings", /Exit 1 when there are more warnings than this/],
    ["--fix", /Apply the fixes/],
    ["--config", /Path to segkit\.config\.json/],
    ["--output-file", /Write the report to this file/],
    ["--color", /Colour the pretty format/],
  ])("describes %s", (flag, description) => {
    const line = optionHelp(run.stdout, flag);
    expect(line, `no line for ${flag} in:\n${run.stdout}`).toBeDefined();
    expect(line).toMatch(description);
  });

  it("names the choices, types and defaults", () => {
    expect(optionHelp(run.stdout, "--format")).toContain(
      '[choices: "pretty", "json", "github", "sarif"] [default: "pretty"]',
    );
    expect(optionHelp(run.stdout, "--max-warnings")).toContain("[number] [default: -1]");
    expect(optionHelp(run.stdout, "--fix")).toContain("[boolean] [default: false]");
    expect(optionHelp(run.stdout, "--color")).toContain("NO_COLOR and FORCE_COLOR are honoured");
  });

  it("states the exit codes", () => {
    expect(run.stdout.replace(/\s+/g, " ")).toContain(
      "Exit codes: 0 no errors (and warnings within --max-warnings), 1 problems found, 2 usage or configuration problems.",
    );
  });

  it("lists every rule with its default severity and description", () => {
    const flat = run.stdout.replace(/\s+/g, " ");
    expect(flat).toContain('Rules (set their severity under "rules" in segkit.config.json');
    for (const rule of rules) {
      expect(flat).toContain(`${rule.id} (${rule.defaultSeverity}) ${rule.description}`);
    }
  });
});

describe.concurrent("commands segkit does not know", () => {
  it.each([
    ["no command", [], /say which command to run, e\.g\. segkit check; run segkit --help$/],
    [
      "a misspelt command",
      ["chek"],
      /^segkit: unknown command chek \(did you mean segkit check\?\); run segkit --help$/,
    ],
  ])("%s: exit 2 with a one-line reason", async (_name, args, reason) => {
    const run = await runSegkit(args, { cwd });
    expect(run.code).toBe(2);
    expectNoStackTrace(run);
    expect(expectOneLineReason(run)).toMatch(reason);
  });
});
