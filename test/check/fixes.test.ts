// Issue: applying every fix a rule offers (`segkit check --fix`) removes the diagnostics that
// offered them, and leaves files that still parse.
import { describe, expect, it } from "vitest";
import { applyFixes, checkWorkspace, ruleIds, type Diagnostic } from "../../generator/src/index.js";
import { checkFixture, type CheckedWorkspace } from "./fixture-workspace.js";

/** As `segkit check --fix` does: apply, re-check, repeat while fixes are left (at most 10 rounds). */
function fixAll({ workspace, diagnostics }: CheckedWorkspace): {
  after: Diagnostic[];
  changed: Set<string>;
} {
  const changed = new Set<string>();
  let current = diagnostics;
  for (let round = 0; round < 10 && current.some((d) => d.fix); round++) {
    let applied = 0;
    for (const document of workspace.documents) {
      const offered = current.filter((d) => d.file === document.file.name && d.fix);
      if (offered.length === 0) continue;
      const result = applyFixes(document.file.text, offered);
      if (result.applied === 0) continue;
      workspace.update(document.file.path, result.text);
      changed.add(document.file.path);
      applied += result.applied;
    }
    if (applied === 0) break;
    current = checkWorkspace(workspace);
  }
  return { after: current, changed };
}

const summary = (d: Diagnostic) => `${d.file} [${d.rule}] ${d.message}`;

const fixable = ruleIds.filter((id) => checkFixture(id).diagnostics.some((d) => d.fix));

describe("segkit check --fix on each rule's fixture", () => {
  it("there are fixtures with fixes to apply", () => {
    expect(fixable.length).toBeGreaterThan(0);
  });

  it.each(fixable)(
    "%s: the fixes remove the diagnostics that offered them, and the files still parse",
    (id) => {
      const checked = checkFixture(id);
      const unfixable = new Set(checked.diagnostics.filter((d) => !d.fix).map(summary));
      const { after, changed } = fixAll(checked);
      expect(after.filter((d) => d.fix).map(summary)).toEqual([]);
      // A fix may settle another diagnostic too, but never leaves a new one behind.
      expect(after.map(summary).filter((s) => !unfixable.has(s))).toEqual([]);
      for (const file of changed) {
        const document = checked.workspace.get(file)!;
        expect(document.file.parsed, `${document.file.name} parses after --fix`).toBe(true);
      }
    },
  );
});
