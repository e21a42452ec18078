import type { JsonSchema } from "./bundle.js";

/**
 * The intermediate model that targets generate from: everything named (identifiers assigned once,
 * collisions settled), every schema self-contained. Targets never look at the workspace.
 */

/** One property of a collection, for types' neighbours: READMEs and docs. */
export interface PropertyIR {
  /** The raw name, as sent. */
  name: string;
  description: string | undefined;
  required: boolean;
  /** A short human summary of the schema: `integer ≥ 0`, `"USD" | "EUR"`, `date-time or null`. */
  summary: string;
  /** `format: date-time` or `date`: the type accepts a `Date`, sent as its ISO-8601 string. */
  date: boolean;
}

export interface CollectionIR {
  /** The collection's name, as sent: `rooms`. */
  name: string;
  /** The schema file, relative to the workspace root. */
  file: string;
  description: string | undefined;
  /** `@acme/rooms`. */
  packageName: string;
  /** The package's folder below the output folder: `rooms`. */
  folder: string;
  /** Identifiers: `Room`, `RoomId`, `RoomObject`, `validateRoom`, `createRoomsClient`… */
  names: {
    type: string;
    id: string;
    object: string;
    validate: string;
    validateId: string;
    client: string;
    clientOptions: string;
    bulkWriter: string;
    bulkWriterOptions: string;
  };
  /** The properties schema (type object), self-contained apart from `definitions`. */
  properties: JsonSchema;
  /** The object id's schema (a string, maybe narrowed). */
  objectId: JsonSchema;
  definitions: Record<string, JsonSchema>;
  propertyList: PropertyIR[];
  /** Absolute paths of the schema files it is made from, `$ref` targets included. */
  dependsOn: string[];
}

/** A schema of the tracking plan that gets a type and a validator of its own. */
export interface PlanSchemaIR {
  /** What it is, for docs: `track "Order Completed"`, `identify traits`. */
  label: string;
  /** The raw event name for track events. */
  event?: string;
  description: string | undefined;
  /** The schema file it is written in, relative to the workspace root. */
  file: string;
  /** The type's identifier: `OrderCompletedProperties`; the validator's: `validateOrderCompletedProperties`. */
  typeName: string;
  validateName: string;
  schema: JsonSchema;
}

export interface TrackingPlanIR {
  packageName: string;
  folder: string;
  /** Track events in name order. */
  events: PlanSchemaIR[];
  identify: PlanSchemaIR | undefined;
  group: PlanSchemaIR | undefined;
  page: PlanSchemaIR | undefined;
  screen: PlanSchemaIR | undefined;
  definitions: Record<string, JsonSchema>;
  /** Absolute paths of the schema files it is made from, `$ref` targets included. */
  dependsOn: string[];
}

export interface GenerationIR {
  collections: CollectionIR[];
  trackingPlan: TrackingPlanIR | undefined;
  /** What generated packages depend on for `@segkit/runtime`: `^0.1.0`, or `workspace:*`. */
  runtimeVersion: string;
}
