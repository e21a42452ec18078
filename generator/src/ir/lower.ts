import { compareStrings } from "../check/diagnostic.js";
import { assignIdentifiers, collectionTypeName, toIdentifier } from "../naming/identifiers.js";
import type { WorkspaceConfig } from "../workspace/config.js";
import { isPlainObject } from "../workspace/json-pointer.js";
import type { SchemaDocument, Workspace } from "../workspace/workspace.js";
import { definitionName, SchemaBundler, type JsonSchema } from "./bundle.js";
import type {
  CollectionIR,
  GenerationIR,
  PlanSchemaIR,
  PropertyIR,
  TrackingPlanIR,
} from "./model.js";
import { avoidGlobals } from "./names.js";
import { summarize } from "./summarize.js";

/** The npm name of a package: `{name}` of the config's template filled in. */
function packageName(config: WorkspaceConfig, name: string): string {
  return config.packages.name.replaceAll("{name}", name);
}

/** Lowers a checked workspace to the IR the targets generate from. */
export function lower(workspace: Workspace): GenerationIR {
  const config = workspace.config;
  const collections: CollectionIR[] = [];
  const planDocuments: SchemaDocument[] = [];
  for (const document of workspace.documents) {
    if (document.kind === "collection") {
      const collection = lowerCollection(workspace, document);
      if (collection) collections.push(collection);
    } else planDocuments.push(document);
  }
  collections.sort((a, b) => compareStrings(a.name, b.name));
  return {
    collections,
    trackingPlan: planDocuments.length > 0 ? lowerPlan(workspace, planDocuments) : undefined,
    runtimeVersion: config.packages.runtime,
  };
}

function lowerCollection(workspace: Workspace, document: SchemaDocument): CollectionIR | undefined {
  const root = document.file.value;
  if (!isPlainObject(root) || typeof root.collection !== "string") return undefined;
  const name = root.collection;
  const bundler = new SchemaBundler(workspace);
  const properties = bundler.bundle(document, "", root);
  const objectId = isPlainObject(root.objectId)
    ? bundler.bundle(document, "/objectId", root.objectId)
    : { type: "string" };
  const type = avoidGlobals(collectionTypeName(name));
  const plural = avoidGlobals(toIdentifier(name, "pascal"));
  const required = new Set(Array.isArray(root.required) ? root.required.map(String) : []);
  const definitions = bundler.definitions();
  const propertyList: PropertyIR[] = Object.entries(
    isPlainObject(properties.properties) ? properties.properties : {},
  ).map(([property, schema]) => {
    const resolved = resolveLocal(schema, definitions);
    return {
      name: property,
      description:
        isPlainObject(resolved) && typeof resolved.description === "string"
          ? resolved.description
          : undefined,
      required: required.has(property),
      summary: summarize(resolved, definitions),
      date: isDate(resolved),
    };
  });
  return {
    name,
    file: document.file.name,
    description: typeof root.description === "string" ? root.description : undefined,
    packageName: packageName(workspace.config, name.replaceAll("_", "-")),
    folder: name.replaceAll("_", "-"),
    names: {
      type,
      id: `${type}Id`,
      object: `${type}Object`,
      validate: `validate${type}`,
      validateId: `validate${type}Id`,
      client: `create${plural}Client`,
      clientOptions: `${plural}ClientOptions`,
      bulkWriter: `create${plural}BulkWriter`,
      bulkWriterOptions: `${plural}BulkWriterOptions`,
    },
    properties,
    objectId,
    definitions,
    propertyList,
    dependsOn: [...bundler.files].sort(),
  };
}

/** A property's schema with a top-level `$ref` into the bundle followed. */
function resolveLocal(schema: unknown, definitions: Record<string, JsonSchema>): unknown {
  for (let hops = 0; hops < 32 && isPlainObject(schema) && typeof schema.$ref === "string"; hops++)
    schema = definitions[definitionName(schema.$ref)];
  return schema;
}

/** A string in `date-time` or `date` format: generated types accept a `Date` for it. */
export function isDate(schema: unknown): boolean {
  return (
    isPlainObject(schema) &&
    (schema.format === "date-time" || schema.format === "date") &&
    (schema.type === "string" || (Array.isArray(schema.type) && schema.type.includes("string")))
  );
}

/** Where a tracking plan's identify/group/page/screen schema is, and what its type is called. */
const callSchemas = [
  ["identify", "traits", "IdentifyTraits", "identify traits"],
  ["group", "traits", "GroupTraits", "group traits"],
  ["page", "properties", "PageProperties", "page properties"],
  ["screen", "properties", "ScreenProperties", "screen properties"],
] as const;

/** Names the tracking-plan package declares besides the event types. */
const planNames = ["TrackEvents", "TrackEventName", "trackEventNames", "validateTrackEvent"];

function lowerPlan(workspace: Workspace, documents: SchemaDocument[]): TrackingPlanIR {
  const bundler = new SchemaBundler(workspace);
  const calls = new Map<string, PlanSchemaIR>();
  const rawEvents: {
    name: string;
    description: string | undefined;
    document: SchemaDocument;
    index: number;
    value: unknown;
  }[] = [];
  for (const document of documents) {
    const root = document.file.value;
    if (!isPlainObject(root)) continue;
    for (const [call, key, typeName, label] of callSchemas) {
      const section = root[call];
      if (calls.has(call) || !isPlainObject(section) || section[key] === undefined) continue;
      calls.set(call, {
        label,
        description: typeof section.description === "string" ? section.description : undefined,
        file: document.file.name,
        typeName,
        validateName: `validate${typeName}`,
        schema: bundler.bundle(document, `/${call}/${key}`, section[key]),
      });
    }
    if (!Array.isArray(root.events)) continue;
    root.events.forEach((event, index) => {
      if (!isPlainObject(event) || typeof event.name !== "string") return;
      rawEvents.push({
        name: event.name,
        description: typeof event.description === "string" ? event.description : undefined,
        document,
        index,
        value: event.properties ?? {},
      });
    });
  }

  // Every event keeps an identifier of its own; the package's fixed names are taken first.
  const taken = new Set([...callSchemas.map((c) => c[2]), ...planNames]);
  const identifiers = assignIdentifiers(
    rawEvents.map((e) => e.name),
    (name) => `${avoidGlobals(toIdentifier(name, "pascal"))}Properties`,
  );
  const seen = new Set<string>();
  const events: PlanSchemaIR[] = [];
  for (const event of rawEvents.sort((a, b) => compareStrings(a.name, b.name))) {
    // A name declared twice is the duplicate-event rule's error; the first one is generated.
    if (seen.has(event.name)) continue;
    seen.add(event.name);
    let typeName = identifiers.get(event.name)!;
    for (let n = 2; taken.has(typeName); n++) typeName = `${identifiers.get(event.name)!}${n}`;
    taken.add(typeName);
    events.push({
      label: `track ${JSON.stringify(event.name)}`,
      event: event.name,
      description: event.description,
      file: event.document.file.name,
      typeName,
      validateName: `validate${typeName}`,
      schema: bundler.bundle(event.document, `/events/${event.index}/properties`, event.value),
    });
  }
  return {
    packageName: packageName(workspace.config, "tracking-plan"),
    folder: "tracking-plan",
    events,
    identify: calls.get("identify"),
    group: calls.get("group"),
    page: calls.get("page"),
    screen: calls.get("screen"),
    definitions: bundler.definitions(),
    dependsOn: [...new Set([...documents.map((d) => d.file.path), ...bundler.files])].sort(),
  };
}
