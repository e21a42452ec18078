import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageDefaults, type WorkspaceConfig } from "./config.js";
import { Workspace } from "./workspace.js";

describe("Workspace.displayPath", () => {
  const root = path.resolve("/work/shop");
  const config: WorkspaceConfig = {
    file: path.join(root, "segkit.config.json"),
    root,
    schemas: {
      collections: path.join(root, "schemas/collections"),
      events: path.join(root, "schemas/events"),
      publicApi: path.join(root, "schemas/public-api"),
    },
    output: path.join(root, "packages/clients"),
    packages: packageDefaults,
    rules: {},
  };
  const workspace = new Workspace(config);
  const relativeTo = (file: string) => (path.relative(root, file) || ".").split(path.sep).join("/");

  it.each([
    ["a file under the root", path.join(root, "schemas/collections/rooms.json")],
    ["the root itself", root],
    ["a file beside the root", path.resolve(root, "../shop-2/rooms.json")],
    ["a file elsewhere", path.resolve("/tmp/rooms.json")],
    ["a path with ..", `${root}${path.sep}schemas${path.sep}..${path.sep}rooms.json`],
    ["a path with .", `${root}${path.sep}.${path.sep}rooms.json`],
    ["a path with a doubled separator", `${root}${path.sep}${path.sep}rooms.json`],
    ["a path ending in a separator", `${root}${path.sep}schemas${path.sep}`],
  ])("%s is shown as path.relative shows it", (_name, file) => {
    expect(workspace.displayPath(file)).toBe(relativeTo(file));
  });
});
