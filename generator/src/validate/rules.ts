import type { RuleInfo } from "../report/format.js";
import type { Severity } from "../check/diagnostic.js";

/**
 * What `segkit validate` reports, one id per kind of problem. Each has a default severity, a
 * description (for SARIF and `--help`) and a hint that says what to do, shown with every
 * diagnostic of the rule unless the diagnostic brings a sharper one.
 */
export interface ValidateRule {
  id: ValidateRuleId;
  defaultSeverity: Severity;
  description: string;
  hint: string;
}

export const validateRules = [
  {
    id: "unreadable",
    defaultSeverity: "error",
    description:
      "The file could not be read to its end: a truncated or corrupt gzip stream, or a read error.",
    hint: "Re-create or re-download the file; segkit validated what it could read before this point.",
  },
  {
    id: "invalid-json",
    defaultSeverity: "error",
    description: "The text is not JSON, or nests arrays and objects deeper than segkit reads.",
    hint: "Fix the syntax at the position shown. In NDJSON every line is one complete JSON value.",
  },
  {
    id: "invalid-utf8",
    defaultSeverity: "error",
    description: "The bytes are not UTF-8; Segment's APIs take UTF-8 JSON only.",
    hint: "Re-encode the file as UTF-8 (for example iconv -f latin1 -t utf-8).",
  },
  {
    id: "bom",
    defaultSeverity: "error",
    description: "The file starts with a UTF-8 byte order mark, which JSON parsers refuse.",
    hint: "Save the file as UTF-8 without BOM; segkit validated the rest as if it were not there.",
  },
  {
    id: "blank-line",
    defaultSeverity: "warning",
    description: "NDJSON holds blank lines; every line should be one JSON value.",
    hint: "Remove the blank lines; some NDJSON readers stop at them.",
  },
  {
    id: "unknown-kind",
    defaultSeverity: "error",
    description:
      "segkit cannot tell whether the file holds Objects API requests, Bulk API lines or events.",
    hint: "Pass --kind objects, --kind bulk or --kind event.",
  },
  {
    id: "shape",
    defaultSeverity: "error",
    description:
      "A field the API requires is missing or of the wrong type (collection, objects, id, properties, type, event, …).",
    hint: "Give the field the type shown; the Objects API takes {collection, objects: [{id, properties}]}, the Bulk API lines of {id, collection, properties}.",
  },
  {
    id: "unknown-field",
    defaultSeverity: "warning",
    description: "A field the API does not know; Segment ignores it.",
    hint: "Remove the field, or check its spelling.",
  },
  {
    id: "batch-size",
    defaultSeverity: "error",
    description: "An Objects API request carries no objects, or more than 10 (000).",
    hint: "Send 1 to 10 objects per request; split larger batches.",
  },
  {
    id: "object-id",
    defaultSeverity: "error",
    description: "An object id is not a string of 1 to 100 characters (000, 001).",
    hint: "Use a string id of at most 100 characters.",
  },
  {
    id: "collection-name",
    defaultSeverity: "error",
    description:
      "A collection name breaks 000's rule: lowercase letters and underscores, at most 100 characters, not starting or ending with an underscore.",
    hint: "Rename the collection, e.g. room_types rather than RoomTypes or room-types.",
  },
  {
    id: "unknown-collection",
    defaultSeverity: "error",
    description: "The collection is not one of the workspace's collections.",
    hint: "Fix the name, or add a schema for the collection under the workspace's collections folder.",
  },
  {
    id: "collection-mismatch",
    defaultSeverity: "error",
    description: "An object of another collection than --collection names.",
    hint: "Move the object to its collection's file, or drop --collection.",
  },
  {
    id: "property-value",
    defaultSeverity: "error",
    description:
      "A property value is a list or an object, or 32 KB or more: values are strings, numbers, booleans or null, each less than 32 KB (000, 001).",
    hint: "Flatten objects into separate properties, join lists into a string, and keep each value under 32 KB.",
  },
  {
    id: "object-too-large",
    defaultSeverity: "error",
    description: "A Bulk API object is larger than 400 KB (001).",
    hint: "Split the object's properties across several objects or trim large values.",
  },
  {
    id: "file-too-large",
    defaultSeverity: "error",
    description: "A Bulk API file is larger than 512 MB uncompressed (001).",
    hint: "Split the file; each Bulk upload takes at most 512 MB before gzip.",
  },
  {
    id: "schema",
    defaultSeverity: "error",
    description:
      "A value breaks the workspace's schema: the same validators the generated clients run.",
    hint: "Fix the value, or change the schema and run segkit generate.",
  },
  {
    id: "unknown-event",
    defaultSeverity: "warning",
    description:
      "A track event that the tracking plan does not name (its severity is set with --unknown-events).",
    hint: "Add the event to the tracking plan, or fix its name.",
  },
  {
    id: "message-type",
    defaultSeverity: "error",
    description:
      "A message's type is missing or not one of track, identify, page, screen, group and alias.",
    hint: 'Set "type" to track, identify, page, screen, group or alias.',
  },
  {
    id: "message-id",
    defaultSeverity: "error",
    description:
      "A message has no messageId, or one that is not a non-empty string; Segment de-duplicates by it (003).",
    hint: "Give every message a unique messageId (a UUID), and keep it when the message is replayed.",
  },
  {
    id: "identity",
    defaultSeverity: "error",
    description:
      "A message names no user: it needs userId or anonymousId (alias: userId and previousId).",
    hint: "Set userId, or anonymousId for a visitor who is not known yet.",
  },
  {
    id: "timestamp",
    defaultSeverity: "error",
    description:
      "timestamp, originalTimestamp, sentAt or receivedAt is not an ISO-8601 date and time.",
    hint: "Write times as ISO-8601 strings, such as 2026-11-23T10:00:00.000Z.",
  },
] as const satisfies readonly ValidateRuleShape[];

interface ValidateRuleShape {
  id: string;
  defaultSeverity: Severity;
  description: string;
  hint: string;
}

export type ValidateRuleId = (typeof validateRules)[number]["id"];

export const validateRuleById: ReadonlyMap<ValidateRuleId, ValidateRule> = new Map(
  validateRules.map((rule) => [rule.id, rule as ValidateRule]),
);

/** The rules as the report formatters take them (SARIF lists them). */
export const validateRulesForReports: readonly RuleInfo[] = validateRules;
