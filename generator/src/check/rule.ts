import type { NodePart } from "../workspace/source-file.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";
import type { Range, Severity } from "./diagnostic.js";

/** Where a report points: a JSON pointer (resolved to a range lazily) or an explicit range. */
export type Target = { pointer: string; part?: NodePart } | { pointer: string; range: Range };

export interface EditSpec {
  target: Target;
  newText: string;
}

export interface RuleReport {
  document: SchemaDocument;
  target: Target;
  message: string;
  fix?: { description: string; edits: EditSpec[] };
  related?: { document: SchemaDocument; target: Target; message: string }[];
}

export interface RuleContext {
  readonly workspace: Workspace;
  report(report: RuleReport): void;
}

/**
 * A named check. `checkDocument` runs once per document of the given kinds (only documents that
 * parsed, unless `acceptsUnparsed`); `checkWorkspace` runs once and sees every document.
 *
 * Rules run over tens of thousands of sites in a large workspace, so their loops over sites and
 * documents are indexed: in code this hot V8 does not always inline a for…of's array iterator, and
 * then allocates a result object per item.
 */
export interface Rule {
  id: string;
  /** One sentence: what the rule finds. Shown by `segkit check --help` and in SARIF. */
  description: string;
  defaultSeverity: Severity;
  kinds?: readonly SchemaDocument["kind"][];
  acceptsUnparsed?: boolean;
  checkDocument?(document: SchemaDocument, context: RuleContext): void;
  checkWorkspace?(context: RuleContext): void;
}
