// Issue: "… a test proves each rule fires at the right range and nowhere else on the clean
// examples." The example workspace (schemas/, with segkit.config.json at the root) is the clean one.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFolder, formatReport, repositoryRoot } from "./fixture-workspace.js";

describe("the example workspace", () => {
  const checked = checkFolder(repositoryRoot);

  it("holds collections and tracking plans", () => {
    const kinds = new Set(checked.workspace.documents.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(["collection", "tracking-plan"]);
  });

  it("gets no diagnostics from any rule", () => {
    expect(checked.diagnostics.map((d) => `${d.file}: ${d.rule} ${d.message}`)).toEqual([]);
    expect(formatReport(checked, "pretty")).toBe(
      `✔ ${checked.workspace.documents.length} files checked, no problems\n`,
    );
  });

  it("is read from the repository's own config", () => {
    expect(checked.workspace.config.file).toBe(path.join(repositoryRoot, "segkit.config.json"));
  });
});
