import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanCollection,
  expectNoStackTrace,
  makeWorkspace,
  removeWorkspaces,
  runSegkit,
} from "./segkit-process.js";

afterAll(removeWorkspaces);

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

const plan = {
  events: [
    {
      name: "Order Completed",
      properties: {
        type: "object",
        properties: { order_id: { type: "string" }, total: { type: "number" } },
        required: ["order_id"],
      },
    },
  ],
};

async function workspace() {
  return makeWorkspace({
    "segkit.config.json": { output: "out", packages: { name: "@acme/{name}" } },
    "schemas/collections/rooms.json": cleanCollection("rooms"),
    "schemas/collections/products.json": cleanCollection("products"),
    "schemas/events/plan.json": plan,
  });
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("segkit generate", () => {
  it("writes a package per collection and one for the tracking plan, then nothing on a second run", async () => {
    const cwd = await workspace();
    const first = await runSegkit(["generate"], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^segkit generate: 3 packages in out: 23 files written, 0 unchanged \(\d+ ms\)\n$/,
    );
    expect(await filesUnder(path.join(cwd, "out"))).toEqual(
      ["products", "rooms"]
        .flatMap((name) =>
          [
            "README.md",
            "package.json",
            "src/client.ts",
            "src/index.ts",
            "src/types.ts",
            "src/validate.ts",
            "src/validators.ajv.ts",
            "tsconfig.json",
          ].map((file) => `${name}/${file}`),
        )
        .concat(
          [
            "README.md",
            "package.json",
            "src/index.ts",
            "src/types.ts",
            "src/validate.ts",
            "src/validators.ajv.ts",
            "tsconfig.json",
          ].map((file) => `tracking-plan/${file}`),
        )
        .sort(),
    );
    const manifest = JSON.parse(readFileSync(path.join(cwd, "out/rooms/package.json"), "utf8"));
    expect(manifest.name).toBe("@acme/rooms");
    expect(manifest.dependencies).toEqual({ "@segkit/runtime": "^0.1.0" });

    const types = path.join(cwd, "out/rooms/src/types.ts");
    const before = statSync(types).mtimeMs;
    const second = await runSegkit(["generate"], { cwd });
    expect(second.stdout).toMatch(/: 0 files written, 23 unchanged/);
    // Unchanged files are not rewritten, so that tools watching them see nothing.
    expect(statSync(types).mtimeMs).toBe(before);
  });

  it("--check exits 1 naming stale, missing and no-longer-generated files, and 0 when up to date", async () => {
    const cwd = await workspace();
    expect((await runSegkit(["generate"], { cwd })).code).toBe(0);
    expect(await runSegkit(["generate", "--check"], { cwd })).toMatchObject({
      code: 0,
      stdout: "segkit generate --check: 23 files up to date\n",
    });

    writeFileSync(path.join(cwd, "out/rooms/src/types.ts"), "// edited by hand\n");
    await rm(path.join(cwd, "out/products/README.md"));
    await rm(path.join(cwd, "schemas/events/plan.json"));
    const stale = await runSegkit(["generate", "--check"], { cwd });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toContain("out of date; run segkit generate and commit the result");
    expect(stale.stderr).toContain("out/rooms/src/types.ts (differs)");
    expect(stale.stderr).toContain("out/products/README.md (missing)");
    expect(stale.stderr).toContain("out/tracking-plan/src/types.ts (no longer generated)");
    // --check writes nothing.
    expect(readFileSync(path.join(cwd, "out/rooms/src/types.ts"), "utf8")).toBe(
      "// edited by hand\n",
    );

    const fixed = await runSegkit(["generate"], { cwd });
    expect(fixed.stdout).toMatch(/2 files written, 14 unchanged, 7 removed/);
    expect(existsSync(path.join(cwd, "out/tracking-plan"))).toBe(false);
  });

  it("generates nothing from a workspace with errors, and says why", async () => {
    const cwd = await makeWorkspace({
      "segkit.config.json": { output: "out" },
      "schemas/collections/rooms.json": { ...cleanCollection("Rooms") },
    });
    const run = await runSegkit(["generate"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("collection-name");
    expect(run.stderr).toContain("segkit generate: nothing generated; fix the 1 error above");
    expect(existsSync(path.join(cwd, "out"))).toBe(false);
    expectNoStackTrace(run);
  });

  it("refuses --check with --watch", async () => {
    const cwd = await workspace();
    const run = await runSegkit(["generate", "--check", "--watch"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^segkit: --check and --watch do not go together/);
  });

  it("--watch regenerates only the package a change affects and says what and how long", async () => {
    const cwd = await workspace();
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "generator/bin/segkit.js"), "generate", "--watch"],
      {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      const started = Date.now();
      while (!pattern.test(output)) {
        if (Date.now() - started > 30_000) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor(/watching schemas\/collections and schemas\/events/);
      expect(output).toMatch(/products, rooms, tracking-plan: 23 files written/);
      const productsTypes = statSync(path.join(cwd, "out/products/src/types.ts")).mtimeMs;

      const rooms = cleanCollection("rooms") as { properties: Record<string, unknown> };
      rooms.properties.location = { type: "string", description: "City and region." };
      writeFileSync(path.join(cwd, "schemas/collections/rooms.json"), JSON.stringify(rooms));
      await waitFor(/segkit generate: rooms: \d+ files? written, \d+ unchanged \(\d+ ms\)/);
      expect(readFileSync(path.join(cwd, "out/rooms/src/types.ts"), "utf8")).toContain(
        "City and region.",
      );
      expect(statSync(path.join(cwd, "out/products/src/types.ts")).mtimeMs).toBe(productsTypes);

      // A new collection is generated; a removed one goes.
      writeFileSync(
        path.join(cwd, "schemas/collections/reviews.json"),
        JSON.stringify(cleanCollection("reviews")),
      );
      await waitFor(/segkit generate: reviews: 8 files written/);
      await rm(path.join(cwd, "schemas/collections/products.json"));
      await waitFor(/segkit generate: products: 0 files written, 0 unchanged, 8 removed/);
      expect(existsSync(path.join(cwd, "out/products"))).toBe(false);

      // An error is reported, and nothing is written until it is fixed.
      writeFileSync(path.join(cwd, "schemas/collections/rooms.json"), "{ not json");
      await waitFor(/nothing generated; fix the/);
    } finally {
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
