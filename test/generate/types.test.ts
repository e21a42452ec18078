import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

/**
 * Issue 5's type tests: the generated example packages, used from a file where each wrong type or
 * missing required property is marked `@ts-expect-error` (test/fixtures/generate/type-usage.ts).
 * An unused directive is an error too, so a type that got looser fails this test.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const usage = `${root}test/fixtures/generate/type-usage.ts`;

it("generated types accept right values and reject wrong ones (@ts-expect-error)", () => {
  const program = ts.createProgram([usage], {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: false,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [`${root}node_modules/@types`],
    baseUrl: root,
    paths: {
      "@segkit/runtime": ["packages/runtime/src/index.ts"],
      "@segkit-example/*": ["packages/clients/*/src/index.ts"],
    },
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(root, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  expect(diagnostics).toEqual([]);
  // The fixture itself must be in the program (a path typo would make this test vacuous).
  expect(program.getSourceFile(usage)).toBeDefined();
  const expectErrors = ts.sys.readFile(usage)!.match(/@ts-expect-error/g)!.length;
  expect(expectErrors).toBeGreaterThanOrEqual(12);
}, 120_000);
