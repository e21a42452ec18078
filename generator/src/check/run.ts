import type { RuleSetting } from "../workspace/config.js";
import type { SourceFile } from "../workspace/source-file.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";
import { compareDiagnostics, type Diagnostic, type Range, type Severity } from "./diagnostic.js";
import type { Rule, RuleContext, RuleReport, Target } from "./rule.js";
import { rules as allRules } from "./rules/index.js";

export interface CheckOptions {
  /** Only report on these documents (absolute paths); the whole workspace is still read, for refs and duplicates. */
  only?: ReadonlySet<string>;
  /** Severity overrides by rule id, as in segkit.config.json. */
  severities?: Readonly<Record<string, RuleSetting>>;
  rules?: readonly Rule[];
}

/**
 * Runs every enabled rule over the workspace and returns the diagnostics in display order.
 *
 * Document by document: every rule looks at a document in turn while its values are still in the
 * processor's cache, which a pass of each rule over all documents would have evicted again and
 * again. Then the workspace rules. The order rules see documents in does not show: diagnostics
 * are sorted, and a rule's own reports on a document keep their order.
 */
export function checkWorkspace(workspace: Workspace, options: CheckOptions = {}): Diagnostic[] {
  const severities = options.severities ?? workspace.config.rules;
  const diagnostics: Diagnostic[] = [];
  const enabled: { rule: Rule; context: RuleContext }[] = [];
  for (const rule of options.rules ?? allRules) {
    const setting = severities[rule.id] ?? rule.defaultSeverity;
    if (setting === "off") continue;
    const context: RuleContext = {
      workspace,
      report: (report) => {
        if (options.only && !options.only.has(report.document.file.path)) return;
        diagnostics.push(toDiagnostic(rule, setting, report));
      },
    };
    enabled.push({ rule, context });
  }
  const documents = workspace.documents;
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    if (options.only && !options.only.has(document.file.path)) continue;
    for (let r = 0; r < enabled.length; r++) {
      const { rule, context } = enabled[r]!;
      if (rule.checkDocument && appliesTo(rule, document)) rule.checkDocument(document, context);
    }
  }
  for (const { rule, context } of enabled) rule.checkWorkspace?.(context);
  return diagnostics.sort(compareDiagnostics);
}

function appliesTo(rule: Rule, document: SchemaDocument): boolean {
  if (rule.kinds && !rule.kinds.includes(document.kind)) return false;
  return rule.acceptsUnparsed === true || document.file.parsed;
}

function toDiagnostic(rule: Rule, severity: Severity, report: RuleReport): Diagnostic {
  const file = report.document.file;
  const diagnostic: Diagnostic = {
    rule: rule.id,
    severity,
    message: report.message,
    file: file.name,
    range: rangeOf(file, report.target),
    pointer: report.target.pointer,
  };
  if (report.fix) {
    diagnostic.fix = {
      description: report.fix.description,
      edits: report.fix.edits.map((edit) => ({
        range: rangeOf(file, edit.target),
        newText: edit.newText,
      })),
    };
  }
  if (report.related) {
    diagnostic.related = report.related.map((r) => ({
      file: r.document.file.name,
      range: rangeOf(r.document.file, r.target),
      pointer: r.target.pointer,
      message: r.message,
    }));
  }
  return diagnostic;
}

function rangeOf(file: SourceFile, target: Target): Range {
  return "range" in target ? target.range : file.rangeOf(target.pointer, target.part);
}
