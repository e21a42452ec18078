// Issue: "Bad input — an empty file, a binary file, a 50 MB file, a folder with no schemas, a missing
// config, a `$ref` cycle — gets a clear message, no stack trace, and exit 1 or 2."
// Issue: "Exit codes: 0 clean (warnings within `--max-warnings`), 1 errors, 2 usage or
// configuration problems, with a one-line reason."
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanCollection,
  expectNoStackTrace,
  expectOneLineReason,
  makeWorkspace,
  removeWorkspaces,
  runSegkit,
  type FileTree,
} from "./segkit-process.js";

afterAll(removeWorkspaces);

interface BadInput {
  /** The workspace; `segkit.config.json` is `{}` unless given (or set to null for none). */
  files: FileTree;
  config?: string | object | null;
  args?: string[];
  /** Exit 1: the reason is a diagnostic's headline on stdout. Exit 2: the only line on stderr. */
  want: { code: 1 | 2; reason: RegExp; problems?: number };
}

const fiftyMegabytes = 50 * 1024 * 1024;

/** A file that starts like a collection and then is 50 MB of data; made here, never committed. */
function fiftyMegabyteFile(): Buffer {
  const head = Buffer.from('{ "collection": "big_rows", "properties": {}, "rows": "');
  const tail = Buffer.from('" }\n');
  const body = Buffer.alloc(fiftyMegabytes - head.length - tail.length, "x");
  return Buffer.concat([head, body, tail]);
}

const badSchemaFiles: [string, BadInput][] = [
  [
    "an empty file",
    {
      files: { "schemas/collections/empty.json": "" },
      want: {
        code: 1,
        reason:
          /^schemas\/collections\/empty\.json:1:1 error the file is empty; .* \[unreadable-file\]$/,
      },
    },
  ],
  [
    "a file of only whitespace",
    {
      files: { "schemas/collections/blank.json": "\n  \n" },
      want: {
        code: 1,
        reason:
          /^schemas\/collections\/blank\.json:1:1 error the file is empty; .* \[unreadable-file\]$/,
      },
    },
  ],
  [
    "a binary file",
    {
      files: { "schemas/events/logo.json": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a, 0]) },
      want: {
        code: 1,
        reason:
          /^schemas\/events\/logo\.json:1:1 error the file is binary .*; remove it from the schema folder \[unreadable-file\]$/,
      },
    },
  ],
  [
    "invalid UTF-8 (a Latin-1 é)",
    {
      files: {
        "schemas/collections/cafes.json": Buffer.from(
          '{ "collection": "caf\xe9s", "properties": {} }',
          "latin1",
        ),
      },
      want: {
        code: 1,
        reason:
          /^schemas\/collections\/cafes\.json:1:1 error the file is not valid UTF-8; save it as UTF-8 .*\[unreadable-file\]$/,
      },
    },
  ],
  [
    "a 50 MB file",
    {
      files: { "schemas/collections/big_rows.json": fiftyMegabyteFile() },
      want: {
        code: 1,
        reason:
          /^schemas\/collections\/big_rows\.json:1:1 error the file is 50\.0 MB; schema files are limited to 10 MB.* \[unreadable-file\]$/,
      },
    },
  ],
  [
    "a $ref cycle",
    {
      files: {
        "schemas/collections/rooms.json": {
          ...cleanCollection(),
          definitions: { a: { $ref: "#/definitions/b" }, b: { $ref: "#/definitions/a" } },
        },
      },
      want: {
        code: 1,
        reason:
          /^schemas\/collections\/rooms\.json:\d+:\d+ error \$ref cycle: #\/definitions\/a → #\/definitions\/b → #\/definitions\/a; .* make one of them a real schema \[ref-cycle\]$/,
        // Each member of the cycle is reported where it is written.
        problems: 2,
      },
    },
  ],
];

const badConfigurations: [string, BadInput][] = [
  [
    "a folder with no schemas",
    {
      files: { "schemas/collections/README.md": "# nothing here yet\n" },
      want: {
        code: 2,
        reason:
          /^segkit: no schema files \(\*\.json\) in schemas\/collections or schemas\/events; add a collection or tracking plan there, or point "schemas" in segkit\.config\.json at your schema folders$/,
      },
    },
  ],
  [
    "a missing config",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: null,
      want: {
        code: 2,
        reason:
          /^segkit: no segkit\.config\.json in \S+ or any folder above it; run segkit inside a workspace, or pass --config <file>$/,
      },
    },
  ],
  [
    "a --config file that does not exist",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--config", "segkit.prod.json"],
      want: {
        code: 2,
        reason:
          /^segkit: segkit\.prod\.json does not exist; pass the path of a segkit\.config\.json with --config$/,
      },
    },
  ],
  [
    "a --config that is a folder",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--config", "schemas"],
      want: {
        code: 2,
        reason:
          /^segkit: schemas is a folder; pass the path of a segkit\.config\.json with --config$/,
      },
    },
  ],
  [
    "a config that is invalid JSON",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: '{\n  "rules": {\n    "ref-cycle": "off",\n  }\n}\n',
      want: {
        code: 2,
        reason: /^segkit: segkit\.config\.json:4:3: .*; fix the syntax of the config file$/,
      },
    },
  ],
  [
    "an empty config",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: "",
      want: {
        code: 2,
        reason: /^segkit: segkit\.config\.json: the file is empty; write \{\} for the defaults$/,
      },
    },
  ],
  [
    "a config with an unknown key",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: '{\n  "schemas": {\n    "colections": "schemas/collections"\n  }\n}\n',
      want: {
        code: 2,
        reason:
          /^segkit: segkit\.config\.json:3:5: unknown key "colections"; did you mean "collections"\?$/,
      },
    },
  ],
  [
    "a config naming an unknown rule",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: '{\n  "rules": { "ref-cycles": "off" }\n}\n',
      want: {
        code: 2,
        reason:
          /^segkit: segkit\.config\.json:2:14: unknown rule "ref-cycles"; did you mean "ref-cycle"\? .*segkit check --help.* lists the rules$/,
      },
    },
  ],
  [
    "a config with an unknown severity",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      config: '{\n  "rules": { "ref-cycle": "warn" }\n}\n',
      want: {
        code: 2,
        reason: /^segkit: segkit\.config\.json:2:27: .*"error", "warning", "off".*"warn"/,
      },
    },
  ],
  [
    "a schema folder path that is a file",
    {
      files: { "schemas/collections.txt": "not a folder\n", "schemas/events/plan.json": {} },
      config: { schemas: { collections: "schemas/collections.txt" } },
      want: {
        code: 2,
        reason:
          /^segkit: schemas\/collections\.txt is not a folder; fix "schemas" in segkit\.config\.json$/,
      },
    },
  ],
];

const badArguments: [string, BadInput][] = [
  [
    "a path argument that does not exist",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["schemas/collections/room.json"],
      want: {
        code: 2,
        reason:
          /^segkit: schemas\/collections\/room\.json does not exist; did you mean schemas\/collections\/rooms\.json\? pass schema files or folders of the workspace, relative to the current folder$/,
      },
    },
  ],
  [
    "a path argument outside the schema folders (a file)",
    {
      files: { "schemas/collections/rooms.json": cleanCollection(), "notes.json": {} },
      args: ["notes.json"],
      want: {
        code: 2,
        reason:
          /^segkit: notes\.json is not a schema file of the workspace: segkit checks \*\.json files under schemas\/collections and schemas\/events$/,
      },
    },
  ],
  [
    "a path argument outside the schema folders (a folder)",
    {
      files: { "schemas/collections/rooms.json": cleanCollection(), "docs/notes.md": "#\n" },
      args: ["docs"],
      want: {
        code: 2,
        reason:
          /^segkit: docs holds no schema files of the workspace \(schemas\/collections, schemas\/events\)$/,
      },
    },
  ],
  [
    "an unknown option",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--max-warning", "0"],
      want: {
        code: 2,
        reason:
          /^segkit: unknown option --max-warning \(did you mean --max-warnings\?\); run segkit check --help$/,
      },
    },
  ],
  [
    "an unknown format",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--format", "xml"],
      want: {
        code: 2,
        reason:
          /^segkit: --format takes pretty, json, github or sarif, not "xml"; run segkit check --help$/,
      },
    },
  ],
  [
    "an option without its value",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--format"],
      want: { code: 2, reason: /^segkit: --format needs a value; run segkit check --help$/ },
    },
  ],
  [
    "--max-warnings that is not a number",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--max-warnings", "few"],
      want: {
        code: 2,
        reason: /^segkit: --max-warnings takes a whole number .*; run segkit check --help$/,
      },
    },
  ],
  [
    "--output-file in a folder that does not exist",
    {
      files: { "schemas/collections/rooms.json": cleanCollection() },
      args: ["--output-file", "reports/segkit.sarif"],
      want: {
        code: 2,
        reason:
          /^segkit: cannot write the report to reports\/segkit\.sarif: the folder reports does not exist; create it first$/,
      },
    },
  ],
];

async function runBadInput({ files, config = {}, args = [] }: BadInput) {
  const configFile: FileTree = config === null ? {} : { "segkit.config.json": config };
  const cwd = await makeWorkspace({ ...configFile, ...files });
  return runSegkit(["check", ...args], { cwd });
}

describe.concurrent.each([
  ["bad schema files (exit 1, the reason on stdout)", badSchemaFiles],
  ["bad configuration (exit 2, the reason on stderr)", badConfigurations],
  ["bad arguments (exit 2, the reason on stderr)", badArguments],
])("%s", (_group, cases) => {
  it.each(cases)("%s", async (_name, input) => {
    const run = await runBadInput(input);
    expectNoStackTrace(run);
    expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(input.want.code);
    if (input.want.code === 2) {
      expect(expectOneLineReason(run)).toMatch(input.want.reason);
    } else {
      expect(run.stderr).toBe("");
      const problems = input.want.problems ?? 1;
      const headlines = run.stdout.split("\n").filter((line) => /^\S+:\d+:\d+ /.test(line));
      expect(headlines).toHaveLength(problems);
      expect(headlines[0]).toMatch(input.want.reason);
      const summary = `✖ ${problems} problem${problems === 1 ? "" : "s"} (${problems} error${problems === 1 ? "" : "s"}, 0 warnings) in 1 file of 1 file checked`;
      expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(summary);
    }
  });
});

describe("a bad file among good ones", () => {
  it("is reported, and the others are still checked", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": {},
      "schemas/collections/rooms.json": cleanCollection(),
      "schemas/collections/guests.json": cleanCollection("guests"),
      "schemas/collections/empty.json": "",
    });
    const run = await runSegkit(["check", "--format", "json"], { cwd });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      summary: { checkedFiles: number; errors: number };
      diagnostics: { file: string; rule: string }[];
    };
    expect(report.summary).toMatchObject({ checkedFiles: 3, errors: 1 });
    expect(report.diagnostics.map((d) => [d.file, d.rule])).toEqual([
      ["schemas/collections/empty.json", "unreadable-file"],
    ]);
  });
});
