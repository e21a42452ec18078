// The runtime's subpaths, not its index: worker threads load these without undici and the senders.
import {
  collectionNameReasons,
  maxObjectIdLength,
  maxObjectsPerRequest,
  maxPropertyValueBytes,
} from "@segkit/runtime/contract";
import {
  describeValidationErrors,
  type CompiledValidator,
  type RawValidationError,
} from "@segkit/runtime/validation";
import type { Severity } from "../check/diagnostic.js";
import { closestName } from "../check/suggest.js";
import type { ValidateRuleId } from "./rules.js";

/**
 * The checks of one record — an Objects API request body, a Bulk API line or one event message —
 * on its parsed value. They see no text: each problem names its place by a JSON pointer into the
 * record, and the caller turns pointers into lines and columns only for records that have problems.
 */

/** One thing wrong with a record. */
export interface Problem {
  rule: ValidateRuleId;
  /** JSON pointer into the record. */
  pointer: string;
  message: string;
  expected?: string;
  actual?: string;
  /** A sharper hint than the rule's own. */
  hint?: string;
  /** Set when it differs from the rule's default (unknown-event follows --unknown-events). */
  severity?: Severity;
}

export type RecordKind = "objects" | "bulk" | "event";

export interface CollectionValidators {
  validate: CompiledValidator;
  validateId: CompiledValidator;
  /** Properties that pass `validate` can only hold scalars (a closed schema of scalar types). */
  scalarOnly: boolean;
}

export interface PlanValidators {
  /** Track events' properties validators, by exact event name. */
  track: ReadonlyMap<string, CompiledValidator>;
  identify: CompiledValidator | undefined;
  group: CompiledValidator | undefined;
  page: CompiledValidator | undefined;
  screen: CompiledValidator | undefined;
}

/** The workspace's validators, as the generated clients have them. */
export interface ValidatorSet {
  collections: ReadonlyMap<string, CollectionValidators>;
  plan: PlanValidators | undefined;
}

export interface CheckOptions {
  /** --collection: every object must be of this collection. */
  collection: string | undefined;
  /** --unknown-events: how a track event missing from the plan is reported. */
  unknownEvents: Severity | "off";
}

export interface CheckContext {
  validators: ValidatorSet;
  options: CheckOptions;
  /**
   * The length of the record's text, when it is one NDJSON line: no value of a shorter line can
   * reach 32 KB. Infinity when not known.
   */
  recordLength: number;
}

const escapeSegment = (key: string) =>
  key.includes("~") || key.includes("/") ? key.replaceAll("~", "~0").replaceAll("/", "~1") : key;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as a message shows it: short, one line, never the whole of a large value. */
function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") return "an object";
  return String(value);
}

/** What kind of JSON value it is, for "expected a string, found …". */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** The kind of record a parsed value looks like, or undefined when it looks like none. */
export function detectKind(value: unknown): RecordKind | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isPlainObject(first)) return undefined;
  if ("objects" in first) return "objects";
  if ("batch" in first || "type" in first || "event" in first || "messageId" in first)
    return "event";
  if ("userId" in first || "anonymousId" in first) return "event";
  if ("properties" in first && "id" in first) return "bulk";
  if ("collection" in first) return "objects";
  return undefined;
}

// --- Objects and Bulk ---------------------------------------------------------------------------

const bodyFields = new Set(["collection", "objects"]);
const objectFields = new Set(["id", "properties"]);
const bulkFields = new Set(["id", "collection", "properties"]);

/** An Objects API request body (000): `{collection, objects: [{id, properties}, …]}`. */
export function checkObjectsBody(body: unknown, context: CheckContext, problems: Problem[]): void {
  if (!isPlainObject(body)) {
    problems.push({
      rule: "shape",
      pointer: "",
      message: `an Objects API request body must be an object {collection, objects}, found ${kindOf(body)}`,
      expected: "an object {collection, objects}",
      actual: kindOf(body),
    });
    return;
  }
  const collection = checkCollection(body.collection, "/collection", context, problems);
  const objects = body.objects;
  if (objects === undefined) {
    problems.push({
      rule: "shape",
      pointer: "",
      message: '"objects" is missing: a request carries its objects in an array',
      expected: "objects: [{id, properties}, …]",
      actual: "missing",
    });
  } else if (!Array.isArray(objects)) {
    problems.push({
      rule: "shape",
      pointer: "/objects",
      message: `"objects" must be an array of {id, properties}, found ${kindOf(objects)}`,
      expected: "an array",
      actual: kindOf(objects),
    });
  } else {
    if (objects.length === 0 || objects.length > maxObjectsPerRequest)
      problems.push({
        rule: "batch-size",
        pointer: "/objects",
        message: `a request carries 1 to ${maxObjectsPerRequest} objects (000); this one has ${objects.length}`,
        expected: `1 to ${maxObjectsPerRequest} objects`,
        actual: String(objects.length),
      });
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      const at = `/objects/${i}`;
      if (!isPlainObject(object)) {
        problems.push({
          rule: "shape",
          pointer: at,
          message: `each object must be {id, properties}, found ${kindOf(object)}`,
          expected: "an object {id, properties}",
          actual: kindOf(object),
        });
        continue;
      }
      checkObject(object, at, collection, context, problems);
      unknownFields(object, objectFields, at, "an object of a request", problems);
    }
  }
  unknownFields(body, bodyFields, "", "an Objects API request body", problems);
}

/** A Bulk API line (001): `{id, collection, properties}`. */
export function checkBulkObject(line: unknown, context: CheckContext, problems: Problem[]): void {
  if (!isPlainObject(line)) {
    problems.push({
      rule: "shape",
      pointer: "",
      message: `a Bulk API line must be an object {id, collection, properties}, found ${kindOf(line)}`,
      expected: "an object {id, collection, properties}",
      actual: kindOf(line),
    });
    return;
  }
  const collection = checkCollection(line.collection, "/collection", context, problems);
  checkObject(line, "", collection, context, problems);
  unknownFields(line, bulkFields, "", "a Bulk API line", problems);
}

/** The collection's validators when the name is valid and known; problems otherwise. */
function checkCollection(
  name: unknown,
  at: string,
  context: CheckContext,
  problems: Problem[],
): CollectionValidators | undefined {
  const { validators, options } = context;
  if (typeof name !== "string") {
    problems.push(
      fieldProblem(
        "shape",
        at.slice(0, at.lastIndexOf("/")),
        "collection",
        name,
        "a collection name, a string",
        "every object names its collection",
      ),
    );
    return options.collection === undefined
      ? undefined
      : validators.collections.get(options.collection);
  }
  const known = validators.collections.get(name);
  if (known) {
    if (options.collection !== undefined && name !== options.collection)
      problems.push(mismatch(name, options.collection, at));
    return known;
  }
  const reasons = collectionNameReasons(name);
  if (reasons.length > 0) {
    problems.push({
      rule: "collection-name",
      pointer: at,
      message: `${JSON.stringify(name)} ${reasons.join(", ")}; collection names are lowercase letters and underscores, at most 100 characters, not starting or ending with "_" (000)`,
      expected: "lowercase letters and underscores",
      actual: preview(name),
    });
    return undefined;
  }
  if (options.collection !== undefined && name !== options.collection) {
    problems.push(mismatch(name, options.collection, at));
    return undefined;
  }
  const suggestion = closestName(name, validators.collections.keys());
  problems.push({
    rule: "unknown-collection",
    pointer: at,
    message: `the workspace has no collection ${JSON.stringify(name)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
    expected: `one of ${listNames([...validators.collections.keys()])}`,
    actual: preview(name),
  });
  return undefined;
}

function mismatch(name: string, wanted: string, at: string): Problem {
  return {
    rule: "collection-mismatch",
    pointer: at,
    message: `the object is of ${JSON.stringify(name)}, but --collection says ${JSON.stringify(wanted)}`,
    expected: JSON.stringify(wanted),
    actual: JSON.stringify(name),
  };
}

function listNames(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.length > 8
    ? `${sorted
        .slice(0, 8)
        .map((n) => JSON.stringify(n))
        .join(", ")}, … (${sorted.length})`
    : sorted.map((n) => JSON.stringify(n)).join(", ") || "(none)";
}

/** `{id, properties}` of one object, at `at` in the record. */
function checkObject(
  object: Record<string, unknown>,
  at: string,
  collection: CollectionValidators | undefined,
  context: CheckContext,
  problems: Problem[],
): void {
  const { id, properties } = object;
  if (typeof id !== "string") {
    problems.push(
      fieldProblem(
        "object-id",
        at,
        "id",
        id,
        "a string of 1 to 100 characters",
        "every object needs an id",
      ),
    );
  } else if (id === "" || id.length > maxObjectIdLength) {
    problems.push({
      rule: "object-id",
      pointer: `${at}/id`,
      message:
        id === ""
          ? "the id is empty; every object needs one"
          : `the id is ${id.length} characters; ids are at most ${maxObjectIdLength} (000)`,
      expected: "1 to 100 characters",
      actual: `${id.length} characters`,
    });
  } else if (collection && !collection.validateId(id)) {
    schemaProblems(collection.validateId.errors ?? [], `${at}/id`, problems);
  }

  if (!isPlainObject(properties)) {
    problems.push(
      fieldProblem(
        "shape",
        at,
        "properties",
        properties,
        "an object of property values",
        "every object carries its values in an object",
      ),
    );
    return;
  }
  const schemaValid = collection ? collection.validate(properties) : false;
  const schemaErrors = schemaValid ? undefined : collection?.validate.errors;
  // A line shorter than 32 KB holds no value of 32 KB; a schema of scalars lets no list through.
  const scalarCheck = !(
    schemaValid &&
    collection!.scalarOnly &&
    context.recordLength < maxPropertyValueBytes
  );
  let contractProblems = 0;
  if (scalarCheck)
    for (const key in properties) {
      const value = properties[key];
      const type = typeof value;
      if (type === "string") {
        // A string shorter than a third of the limit cannot reach it in UTF-8.
        if ((value as string).length * 3 < maxPropertyValueBytes) continue;
        const bytes = Buffer.byteLength(value as string, "utf8");
        if (bytes < maxPropertyValueBytes) continue;
        contractProblems++;
        problems.push({
          rule: "property-value",
          pointer: `${at}/properties/${escapeSegment(key)}`,
          message: `the value is ${bytes.toLocaleString("en-US")} bytes; each value must be less than 32 KB (000)`,
          expected: "less than 32,768 bytes",
          actual: `${bytes.toLocaleString("en-US")} bytes`,
        });
      } else if (type === "object" && value !== null) {
        contractProblems++;
        problems.push({
          rule: "property-value",
          pointer: `${at}/properties/${escapeSegment(key)}`,
          message: Array.isArray(value)
            ? "the value is a list; values cannot be lists or objects (000)"
            : "the value is an object; values cannot be lists or objects (000)",
          expected: "a string, number, boolean or null",
          actual: kindOf(value),
          hint: Array.isArray(value)
            ? "Join the list into a string, or send one property per item."
            : "Flatten the object into separate properties, such as address_city.",
        });
      }
    }
  if (collection && !schemaValid) {
    const before = problems.length;
    schemaProblems(schemaErrors ?? [], `${at}/properties`, problems);
    // A list or an object is reported once, by the contract, not again by the schema's type.
    if (contractProblems > 0) {
      const reported = new Set(
        problems
          .slice(0, before)
          .filter((p) => p.rule === "property-value")
          .map((p) => p.pointer),
      );
      for (let i = problems.length - 1; i >= before; i--)
        if (reported.has(problems[i]!.pointer)) problems.splice(i, 1);
    }
  }
}

function unknownFields(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  at: string,
  what: string,
  problems: Problem[],
): void {
  for (const key in value) {
    if (known.has(key)) continue;
    const suggestion = closestName(key, known);
    problems.push({
      rule: "unknown-field",
      pointer: `${at}/${escapeSegment(key)}`,
      message: `${JSON.stringify(key)} is not a field of ${what}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
      expected: [...known].map((k) => JSON.stringify(k)).join(", "),
      actual: JSON.stringify(key),
    });
  }
}

// --- Schema errors ------------------------------------------------------------------------------

/** A validator's errors as problems under `at`, with what was expected and what was found. */
function schemaProblems(
  errors: readonly RawValidationError[],
  at: string,
  problems: Problem[],
): void {
  const described = describeValidationErrors(errors);
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    const { pointer, message } = described[i]!;
    // "must be a number" says little in a list: the property it is about leads.
    const full = at + pointer;
    const name = full === "" ? undefined : lastSegment(full);
    problems.push({
      rule: "schema",
      pointer: at + pointer,
      message:
        name === undefined || /^(0|[1-9][0-9]*)$/.test(name)
          ? message
          : `${JSON.stringify(name)} ${message}`,
      ...expectedAndActual(error),
    });
  }
}

function lastSegment(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf("/") + 1)
    .replaceAll("~1", "/")
    .replaceAll("~0", "~");
}

function expectedAndActual(error: RawValidationError): { expected?: string; actual?: string } {
  const { params, data } = error;
  switch (error.keyword) {
    case "type":
      return { expected: String(params.type).split(",").join(" or "), actual: describe(data) };
    case "enum":
      return {
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        actual: describe(data),
      };
    case "const":
      return { expected: JSON.stringify(params.allowedValue), actual: describe(data) };
    case "format":
      return { expected: `format ${String(params.format)}`, actual: describe(data) };
    case "minLength":
    case "maxLength":
      return {
        expected: `${error.keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} character${params.limit === 1 ? "" : "s"}`,
        actual: typeof data === "string" ? `${[...data].length} characters` : describe(data),
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        expected: `${String(params.comparison)} ${String(params.limit)}`,
        actual: describe(data),
      };
    case "multipleOf":
      return { expected: `a multiple of ${String(params.multipleOf)}`, actual: describe(data) };
    case "pattern":
      return { expected: `matching ${String(params.pattern)}`, actual: describe(data) };
    case "required":
      return { expected: `property ${JSON.stringify(params.missingProperty)}`, actual: "missing" };
    case "additionalProperties":
      return {
        expected: "only the schema's properties",
        actual: `property ${JSON.stringify(params.additionalProperty)}`,
      };
    case "minItems":
    case "maxItems":
      return {
        expected: `${error.keyword === "minItems" ? "at least" : "at most"} ${String(params.limit)} items`,
        actual: Array.isArray(data) ? `${data.length} items` : describe(data),
      };
    default:
      return "data" in error ? { actual: describe(data) } : {};
  }
}

/** `"abc" (a string)`, `12 (an integer)`, `an array of 3 items`. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return preview(value);
  return `${preview(value)} (${kindOf(value)})`;
}

// --- Events -------------------------------------------------------------------------------------

const messageTypes = ["track", "identify", "page", "screen", "group", "alias"] as const;
type MessageType = (typeof messageTypes)[number];
const timestampFields = ["timestamp", "originalTimestamp", "sentAt", "receivedAt"] as const;
// ISO 8601 date and time as Segment's libraries write it; the zone may be Z or an offset.
const isoDateTime =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

/** Fields a message of each type may carry, past the common ones (Segment's spec). */
const commonFields = new Set([
  "type",
  "messageId",
  "userId",
  "anonymousId",
  "context",
  "integrations",
  "timestamp",
  "originalTimestamp",
  "sentAt",
  "receivedAt",
  "version",
  "channel",
  "writeKey",
  "projectId",
  "_metadata",
]);
const typeFields: Record<MessageType, readonly string[]> = {
  track: ["event", "properties"],
  identify: ["traits"],
  page: ["name", "category", "properties"],
  screen: ["name", "category", "properties"],
  group: ["groupId", "traits"],
  alias: ["previousId"],
};

/** One Segment message (track, identify, page, screen, group or alias) at `at` in the record. */
function checkMessage(
  message: unknown,
  at: string,
  context: CheckContext,
  problems: Problem[],
): void {
  if (!isPlainObject(message)) {
    problems.push({
      rule: "shape",
      pointer: at,
      message: `a message must be an object, found ${kindOf(message)}`,
      expected: "an object {type, …}",
      actual: kindOf(message),
    });
    return;
  }
  const type = message.type;
  if (typeof type !== "string" || !(messageTypes as readonly string[]).includes(type)) {
    const suggestion = typeof type === "string" ? closestName(type, messageTypes) : undefined;
    problems.push({
      rule: "message-type",
      pointer: type === undefined ? at : `${at}/type`,
      message:
        type === undefined
          ? '"type" is missing'
          : `${preview(type)} is not a message type${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      expected: messageTypes.join(", "),
      actual: type === undefined ? "missing" : preview(type),
    });
    // The common fields are still checked; the type's own are not known.
  }
  const messageType = (messageTypes as readonly string[]).includes(type as string)
    ? (type as MessageType)
    : undefined;

  const messageId = message.messageId;
  if (typeof messageId !== "string" || messageId === "")
    problems.push({
      rule: "message-id",
      pointer: messageId === undefined ? at : `${at}/messageId`,
      message:
        messageId === undefined
          ? '"messageId" is missing; without it a replayed message cannot be de-duplicated (003)'
          : `"messageId" must be a non-empty string, found ${preview(messageId)}`,
      expected: "a unique string, such as a UUID",
      actual: messageId === undefined ? "missing" : preview(messageId),
    });

  checkIdentity(message, messageType, at, problems);

  for (const field of timestampFields) {
    const value = message[field];
    if (value === undefined) continue;
    if (typeof value === "string" && isoDateTime.test(value) && !Number.isNaN(Date.parse(value)))
      continue;
    problems.push({
      rule: "timestamp",
      pointer: `${at}/${field}`,
      message: `"${field}" must be an ISO-8601 date and time, found ${preview(value)}`,
      expected: "an ISO-8601 date and time, such as 2026-11-23T10:00:00.000Z",
      actual: preview(value),
    });
  }
  for (const field of ["context", "integrations"] as const) {
    const value = message[field];
    if (value !== undefined && !isPlainObject(value))
      problems.push(fieldType(`${at}/${field}`, field, "an object", value));
  }

  if (messageType) {
    checkTypeFields(message, messageType, at, context, problems);
    const own = typeFields[messageType];
    for (const key in message) {
      if (commonFields.has(key) || own.includes(key)) continue;
      problems.push({
        rule: "unknown-field",
        pointer: `${at}/${escapeSegment(key)}`,
        message: `${JSON.stringify(key)} is not a field of a ${messageType} message${messageType === "track" || messageType === "page" || messageType === "screen" ? '; put custom data under "properties"' : messageType === "alias" ? "" : '; put custom data under "traits"'}`,
        expected: [...own].map((k) => JSON.stringify(k)).join(", ") + " or a common field",
        actual: JSON.stringify(key),
      });
    }
  }
}

/**
 * A required field that is missing (reported at the object that lacks it, as "shape") or not what
 * it must be (reported at the field itself, under `rule`).
 */
function fieldProblem(
  rule: ValidateRuleId,
  at: string,
  field: string,
  value: unknown,
  expected: string,
  why: string,
): Problem {
  return value === undefined
    ? {
        rule: "shape",
        pointer: at,
        message: `"${field}" is missing: ${why}`,
        expected: `"${field}": ${expected}`,
        actual: "missing",
      }
    : {
        rule,
        pointer: `${at}/${escapeSegment(field)}`,
        message: `"${field}" must be ${expected}, found ${describe(value)}`,
        expected,
        actual: describe(value),
      };
}

function fieldType(pointer: string, field: string, expected: string, value: unknown): Problem {
  return {
    rule: "shape",
    pointer,
    message: `"${field}" must be ${expected}, found ${kindOf(value)}`,
    expected,
    actual: kindOf(value),
  };
}

function present(value: unknown): boolean {
  return (typeof value === "string" && value !== "") || typeof value === "number";
}

function checkIdentity(
  message: Record<string, unknown>,
  type: MessageType | undefined,
  at: string,
  problems: Problem[],
): void {
  for (const field of ["userId", "anonymousId", "previousId"] as const) {
    const value = message[field];
    if (value !== undefined && value !== null && !present(value))
      problems.push({
        rule: "identity",
        pointer: `${at}/${field}`,
        message: `"${field}" must be a non-empty string, found ${preview(value)}`,
        expected: "a non-empty string",
        actual: preview(value),
      });
  }
  if (type === "alias") {
    for (const field of ["userId", "previousId"] as const)
      if (message[field] === undefined || message[field] === null)
        problems.push({
          rule: "identity",
          pointer: at,
          message: `an alias message needs "${field}"`,
          expected: `"${field}"`,
          actual: "missing",
        });
    return;
  }
  const missing = (value: unknown) => value === undefined || value === null;
  if (missing(message.userId) && missing(message.anonymousId))
    problems.push({
      rule: "identity",
      pointer: at,
      message: 'the message names no user: it needs "userId" or "anonymousId"',
      expected: '"userId" or "anonymousId"',
      actual: "neither",
    });
}

function checkTypeFields(
  message: Record<string, unknown>,
  type: MessageType,
  at: string,
  context: CheckContext,
  problems: Problem[],
): void {
  const plan = context.validators.plan;
  const payload = (field: "properties" | "traits", validate: CompiledValidator | undefined) => {
    const value = message[field];
    if (value === undefined) {
      // Absent properties are checked as {} so that required ones are reported.
      if (validate && !validate({}))
        schemaProblems(validate.errors ?? [], `${at}/${field}`, problems);
      return;
    }
    if (!isPlainObject(value)) {
      problems.push(fieldType(`${at}/${field}`, field, "an object", value));
      return;
    }
    if (validate && !validate(value))
      schemaProblems(validate.errors ?? [], `${at}/${field}`, problems);
  };
  switch (type) {
    case "track": {
      const event = message.event;
      if (typeof event !== "string" || event === "") {
        problems.push(
          fieldProblem(
            "shape",
            at,
            "event",
            event,
            "the event's name, a non-empty string",
            "a track message names its event",
          ),
        );
        return;
      }
      const validate = plan?.track.get(event);
      if (plan && !validate && context.options.unknownEvents !== "off") {
        const suggestion = closestName(event, plan.track.keys());
        problems.push({
          rule: "unknown-event",
          pointer: `${at}/event`,
          message: `the tracking plan has no event ${JSON.stringify(event)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
          expected: "an event of the tracking plan",
          actual: preview(event),
          severity: context.options.unknownEvents,
        });
      }
      payload("properties", validate);
      return;
    }
    case "identify":
      payload("traits", plan?.identify);
      return;
    case "group":
      if (!present(message.groupId))
        problems.push(
          fieldProblem(
            "shape",
            at,
            "groupId",
            message.groupId,
            "the group's id, a non-empty string",
            "a group message names its group",
          ),
        );
      payload("traits", plan?.group);
      return;
    case "page":
    case "screen":
      if (message.name !== undefined && typeof message.name !== "string")
        problems.push(fieldType(`${at}/name`, "name", "a string", message.name));
      payload("properties", type === "page" ? plan?.page : plan?.screen);
      return;
    case "alias":
      return;
  }
}

/**
 * A JSON value of events: one message, an array of them, or `{batch: [...]}` (Segment's batch
 * call). Each message is checked at its pointer.
 */
export function checkEvents(value: unknown, context: CheckContext, problems: Problem[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkMessage(value[i], `/${i}`, context, problems);
    return;
  }
  if (isPlainObject(value) && "batch" in value && !("type" in value)) {
    const batch = value.batch;
    if (!Array.isArray(batch)) {
      problems.push(fieldType("/batch", "batch", "an array of messages", batch));
      return;
    }
    for (let i = 0; i < batch.length; i++) checkMessage(batch[i], `/batch/${i}`, context, problems);
    return;
  }
  checkMessage(value, "", context, problems);
}

/** How many messages or objects a record holds, for the summary. */
export function countItems(kind: RecordKind, value: unknown): number {
  if (kind === "bulk") return 1;
  if (kind === "objects") {
    const objects = isPlainObject(value) ? value.objects : undefined;
    return Array.isArray(objects) ? objects.length : 0;
  }
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value) && Array.isArray(value.batch) && !("type" in value))
    return value.batch.length;
  return 1;
}
