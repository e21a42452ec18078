// Issue: "Exit codes: 0 clean (warnings within `--max-warnings`), 1 errors, 2 usage or
// configuration problems" — and `--fix`, config `rules` severities, running from a subfolder, and
// paths arguments that filter the report while the whole workspace is read.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanCollection,
  expectNoStackTrace,
  makeWorkspace,
  removeWorkspaces,
  runSegkit,
  type FileTree,
} from "./segkit-process.js";

afterAll(removeWorkspaces);

interface JsonReport {
  summary: { checkedFiles: number; errors: number; warnings: number };
  diagnostics: { rule: string; severity: string; file: string; related?: { file: string }[] }[];
}

const parse = (stdout: string) => JSON.parse(stdout) as JsonReport;

/** One collection whose only problem is a warning: "room" looks singular. */
const oneWarning: FileTree = {
  "segkit.config.json": {},
  "schemas/collections/room.json": cleanCollection("room"),
};

describe.concurrent("exit codes and --max-warnings", () => {
  it("exits 0 on a clean workspace", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/rooms.json": cleanCollection(),
    });
    const run = await runSegkit(["check"], { cwd });
    expect(run).toEqual({ code: 0, stdout: "✔ 1 file checked, no problems\n", stderr: "" });
  });

  it.each([
    ["no --max-warnings", 0, []],
    ["--max-warnings -1", 0, ["--max-warnings", "-1"]],
    ["--max-warnings 1", 0, ["--max-warnings", "1"]],
    ["--max-warnings 0", 1, ["--max-warnings", "0"]],
  ])("one warning with %s: exit %i", async (_name, code, args) => {
    const cwd = await makeWorkspace(oneWarning);
    const run = await runSegkit(["check", ...args], { cwd });
    expectNoStackTrace(run);
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(
      /^schemas\/collections\/room\.json:\d+:\d+ warning .*\[collection-name-plural\]$/m,
    );
    expect(run.stderr).toBe(
      code === 1 ? "segkit: 1 warning, more than --max-warnings 0 allows\n" : "",
    );
  });

  it("exits 1 on an error whatever --max-warnings allows", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/rooms.json": { ...cleanCollection(), required: ["nmae"] },
    });
    const run = await runSegkit(["check", "--max-warnings", "100"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error .*\[required-unknown-property\]$/m);
  });
});

describe.concurrent('config "rules" severities', () => {
  const withRules = (rules: Record<string, string>, files: FileTree = oneWarning) =>
    makeWorkspace({ ...files, "segkit.config.json": { rules } });
  const tooLong: FileTree = {
    "schemas/collections/rooms.json": {
      ...cleanCollection(),
      properties: { name: { type: "string", maxLength: 40000 } },
    },
  };

  it('"off" silences a rule', async () => {
    const cwd = await withRules({ "collection-name-plural": "off" });
    const run = await runSegkit(["check", "--max-warnings", "0"], { cwd });
    expect(run).toEqual({ code: 0, stdout: "✔ 1 file checked, no problems\n", stderr: "" });
  });

  it('"error" promotes a warning to exit 1', async () => {
    const cwd = await withRules({ "collection-name-plural": "error" });
    const run = await runSegkit(["check", "--format", "json"], { cwd });
    expect(run.code).toBe(1);
    expect(parse(run.stdout).diagnostics).toEqual([
      expect.objectContaining({ rule: "collection-name-plural", severity: "error" }),
    ]);
  });

  it('"warning" demotes an error to exit 0', async () => {
    const cwd = await withRules({ "string-max-length": "warning" }, tooLong);
    const run = await runSegkit(["check", "--format", "json"], { cwd });
    expect(run.code).toBe(0);
    expect(parse(run.stdout).diagnostics).toEqual([
      expect.objectContaining({ rule: "string-max-length", severity: "warning" }),
    ]);
  });

  it('"off" silences an error rule', async () => {
    const cwd = await withRules({ "string-max-length": "off" }, tooLong);
    const run = await runSegkit(["check"], { cwd });
    expect(run.code).toBe(0);
  });
});

describe.concurrent("--fix", () => {
  // Every problem here can be fixed; the trailing comma hides the others until it is gone.
  const broken = `{
  "collection": "room",
  "type": "object",
  "properties": {
    "guestName": { "type": "string", "maxLength": 100000 },
    "nightly_rate": { "type": "number" },
  },
  "required": ["guestName"]
}
`;
  const fixed = `{
  "collection": "rooms",
  "type": "object",
  "properties": {
    "guest_name": { "type": "string", "maxLength": 32767 },
    "nightly_rate": { "type": "number" }
  },
  "required": ["guest_name"]
}
`;

  it("rewrites the file until nothing is left, and exits 0", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/room.json": broken,
    });
    const file = path.join(cwd, "schemas/collections/room.json");
    const before = await runSegkit(["check"], { cwd });
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/trailing comma.*\[invalid-json\]/);
    expect(before.stdout).toMatch(/; 1 fixable with --fix\n$/);

    const run = await runSegkit(["check", "--fix"], { cwd });
    expectNoStackTrace(run);
    expect(run).toEqual({ code: 0, stdout: "✔ 1 file checked, no problems\n", stderr: "" });
    expect(await readFile(file, "utf8")).toBe(fixed);

    const again = await runSegkit(["check", "--fix"], { cwd });
    expect(again.code).toBe(0);
    expect(await readFile(file, "utf8")).toBe(fixed);
  });

  it("keeps a byte order mark and CRLF line ends", async () => {
    const crlf = (text: string) => text.replaceAll("\n", "\r\n");
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/room.json": "\ufeff" + crlf(broken),
    });
    const run = await runSegkit(["check", "--fix"], { cwd });
    expect(run.code).toBe(0);
    const text = await readFile(path.join(cwd, "schemas/collections/room.json"), "utf8");
    expect(text).toBe("\ufeff" + crlf(fixed));
  });

  it("reports what it cannot fix, exits 1, and fixes only the files asked for", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/rooms.json": {
        ...cleanCollection(),
        properties: { guestName: { type: "string" } },
        required: ["guestName", "nmae"],
      },
      "schemas/collections/other.json": cleanCollection("other"),
    });
    const run = await runSegkit(
      ["check", "--fix", "--format", "json", "schemas/collections/rooms.json"],
      { cwd },
    );
    expect(run.code).toBe(1);
    expect(parse(run.stdout).diagnostics.map((d) => [d.file, d.rule])).toEqual([
      ["schemas/collections/rooms.json", "required-unknown-property"],
    ]);
    const rooms = JSON.parse(
      await readFile(path.join(cwd, "schemas/collections/rooms.json"), "utf8"),
    ) as { properties: object; required: string[] };
    expect(Object.keys(rooms.properties)).toEqual(["guest_name"]);
    expect(rooms.required).toEqual(["guest_name", "nmae"]);
    const other = await readFile(path.join(cwd, "schemas/collections/other.json"), "utf8");
    expect(JSON.parse(other)).toEqual(cleanCollection("other"));
  });
});

describe.concurrent("where segkit runs from", () => {
  const files: FileTree = {
    "segkit.config.json": {},
    "schemas/collections/rooms.json": cleanCollection(),
    "schemas/collections/suites.json": cleanCollection(),
    "schemas/events/plan.json": { events: "not a list" },
  };

  it("finds the nearest segkit.config.json and prints paths relative to the current folder", async () => {
    const root = await makeWorkspace(files);
    const cwd = path.join(root, "schemas/collections");
    const run = await runSegkit(["check"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^suites\.json:\d+:\d+ error .*\[duplicate-collection\]$/m);
    expect(run.stdout).toMatch(/^ {2}note: .* at rooms\.json:\d+:\d+$/m);
    expect(run.stdout).toMatch(/^\.\.\/events\/plan\.json:/m);
    expect(run.stdout).toMatch(/in 2 files of 3 files checked\n$/);
  });

  it("takes paths relative to the current folder, and shows ../ for files beside it", async () => {
    const root = await makeWorkspace(files);
    const cwd = path.join(root, "schemas/events");
    const run = await runSegkit(["check", "--format", "json", "../collections/suites.json"], {
      cwd,
    });
    expect(run.code).toBe(1);
    const report = parse(run.stdout);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        file: "../collections/suites.json",
        related: [expect.objectContaining({ file: "../collections/rooms.json" })],
      }),
    ]);
  });

  it("uses --config from anywhere, with paths still relative to the current folder", async () => {
    const root = await makeWorkspace(files);
    const elsewhere = await makeWorkspace({});
    const run = await runSegkit(
      ["check", "--config", path.join(root, "segkit.config.json"), "--format", "json"],
      { cwd: elsewhere },
    );
    expect(run.code).toBe(1);
    const diagnostic = parse(run.stdout).diagnostics.find((d) => d.rule === "duplicate-collection");
    expect(diagnostic?.file).toBe(
      path.relative(elsewhere, path.join(root, "schemas/collections/suites.json")),
    );
  });
});

describe.concurrent("paths arguments", () => {
  const files: FileTree = {
    "segkit.config.json": {},
    "schemas/collections/rooms.json": cleanCollection(),
    "schemas/collections/suites.json": cleanCollection(),
    "schemas/collections/broken.json": "{ not json",
    "schemas/events/plan.json": { events: [] },
  };

  it("report on the selected file only, but a duplicate in an unselected file is still found", async () => {
    const cwd = await makeWorkspace(files);
    const run = await runSegkit(["check", "--format", "json", "schemas/collections/suites.json"], {
      cwd,
    });
    expect(run.code).toBe(1);
    const report = parse(run.stdout);
    expect(report.summary).toMatchObject({ checkedFiles: 1, errors: 1, warnings: 0 });
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        rule: "duplicate-collection",
        file: "schemas/collections/suites.json",
        related: [expect.objectContaining({ file: "schemas/collections/rooms.json" })],
      }),
    ]);
  });

  it("leave out problems of files not selected", async () => {
    const cwd = await makeWorkspace(files);
    const run = await runSegkit(["check", "schemas/events"], { cwd });
    expect(run).toEqual({ code: 0, stdout: "✔ 1 file checked, no problems\n", stderr: "" });
  });

  it("select every schema file under a folder", async () => {
    const cwd = await makeWorkspace(files);
    const run = await runSegkit(["check", "--format", "json", "schemas/collections"], { cwd });
    expect(run.code).toBe(1);
    const report = parse(run.stdout);
    expect(report.summary.checkedFiles).toBe(3);
    expect(report.diagnostics.map((d) => [d.file, d.rule])).toEqual([
      ["schemas/collections/broken.json", "invalid-json"],
      ["schemas/collections/suites.json", "duplicate-collection"],
    ]);
  });
});
