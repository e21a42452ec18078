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

/** Runs every enabled rule over the workspace and returns the diagnostics in display order. */
export function checkWorkspace(workspace: Workspace, options: CheckOptions = {}): Diagnostic[] {
  const severities = options.severities ?? workspace.config.rules;
  const diagnostics: Diagnostic[] = [];
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
    if (rule.checkDocument) {
      const documents = workspace.documents;
      for (let i = 0; i < documents.length; i++) {
        const document = documents[i]!;
        if (!appliesTo(rule, document)) continue;
        if (options.only && !options.only.has(document.file.path)) continue;
        rule.checkDocument(document, context);
      }
    }
    rule.checkWorkspace?.(context);
  }
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
