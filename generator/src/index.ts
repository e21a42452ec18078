/** The library API of @segkit/generator; the CLI is a thin layer over it. */
export { applyFixes } from "./check/apply-fixes.js";
export type {
  Diagnostic,
  Fix,
  Position,
  Range,
  RelatedLocation,
  Severity,
  TextEdit,
} from "./check/diagnostic.js";
export type { Rule } from "./check/rule.js";
export { ruleIds, rules } from "./check/rules/index.js";
export { checkWorkspace, type CheckOptions } from "./check/run.js";
export { ConfigError, SegkitError, UsageError } from "./errors.js";
export { assignIdentifiers, collectionTypeName, toIdentifier } from "./naming/identifiers.js";
export { formatters, formatNames, type FormatName, type ReportInput } from "./report/index.js";
export { findConfigFile, loadConfig, type WorkspaceConfig } from "./workspace/config.js";
export { Workspace, type DocumentKind, type SchemaDocument } from "./workspace/workspace.js";
export { version } from "./version.js";
