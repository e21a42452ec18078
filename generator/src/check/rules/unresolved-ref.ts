import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { resolveRef } from "../../workspace/refs.js";
import { schemasWithKeyword } from "../../workspace/schema-sites.js";
import type { SchemaDocument, Workspace } from "../../workspace/workspace.js";
import type { Rule, RuleReport } from "../rule.js";
import { closestName } from "../suggest.js";

export const unresolvedRef: Rule = {
  id: "unresolved-ref",
  description: "A $ref points at a file or a place that does not exist.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    const schemas = schemasWithKeyword(document, "$ref");
    for (let i = 0; i < schemas.length; i++) {
      const ref = schemas[i]!.$ref;
      if (typeof ref !== "string") continue;
      const resolution = resolveRef(context.workspace, document, ref);
      if (resolution.ok) continue;
      const target = { pointer: appendPointer(document.file.pointerOf(schemas[i]!), "$ref") };
      // Reasons that start by naming the $ref read on from it, without saying it twice.
      const named = `${JSON.stringify(ref)} `;
      const report: RuleReport = {
        document,
        target,
        message: resolution.reason.startsWith(named)
          ? `$ref ${named}does not resolve: it ${resolution.reason.slice(named.length)}`
          : `$ref ${JSON.stringify(ref)} does not resolve: ${resolution.reason}`,
      };
      const suggestion = nearbyRef(context.workspace, document, ref);
      if (suggestion) {
        const quoted = JSON.stringify(suggestion);
        if (!report.message.includes(quoted)) report.message += `; did you mean ${quoted}?`;
        report.fix = {
          description: `Change the $ref to "${suggestion}"`,
          edits: [{ target, newText: JSON.stringify(suggestion) }],
        };
      }
      context.report(report);
    }
  },
};

/**
 * A $ref that resolves and is one typo away: a misspelt last name in the pointer, or a plain
 * name fragment (`#money`) that names a definition.
 */
function nearbyRef(
  workspace: Workspace,
  document: SchemaDocument,
  ref: string,
): string | undefined {
  const hash = ref.indexOf("#");
  if (hash === -1) return undefined;
  const base = ref.slice(0, hash + 1);
  const fragment = ref.slice(hash + 1);
  const resolves = (candidate: string) => resolveRef(workspace, document, candidate).ok;
  if (/^[\w.-]+$/.test(fragment)) {
    const candidate = `${base}/definitions/${fragment}`;
    return resolves(candidate) ? candidate : undefined;
  }
  const slash = ref.lastIndexOf("/");
  if (slash < hash) return undefined;
  const parent = resolveRef(workspace, document, ref.slice(0, slash));
  if (!parent.ok || !isPlainObject(parent.target.value)) return undefined;
  const names = Object.keys(parent.target.value).filter((name) => /^[\w.-]+$/.test(name));
  const name = closestName(ref.slice(slash + 1), names);
  return name === undefined ? undefined : `${ref.slice(0, slash + 1)}${name}`;
}
