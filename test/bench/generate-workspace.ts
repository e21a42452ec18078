import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Random } from "./random.js";

/**
 * A workspace like the ones users keep: mostly collection files, some tracking plans split by
 * product area, a few shared definition files everything refers to. Every file is clean (no
 * diagnostics, warnings included), and the same seed writes the same bytes.
 */

export interface GeneratedWorkspace {
  root: string;
  /** Every schema file, absolute, in the order written. */
  files: string[];
  collections: number;
  trackingPlans: number;
  bytes: number;
}

type Schema = Record<string, unknown>;

const sharedFolder = "schemas/events/shared";

/** Scalar definitions in the shared files: what a collection property may refer to. */
const sharedScalars = {
  "common.json": ["money", "currency", "country_code", "email", "url", "timestamp", "percentage"],
  "identifiers.json": ["user_id", "account_id", "order_id", "session_id", "device_id"],
} as const;
const sharedObjects = {
  "common.json": ["address", "product", "line_item"],
  "context.json": ["device", "campaign", "page_context"],
} as const;

const domains = ["commerce", "crm", "support", "operations", "marketing", "finance"];
const prefixes = [
  "active", "archived", "regional", "partner", "legacy", "premium", "trial", "enterprise",
  "retail", "wholesale", "internal", "external", "pending", "daily", "weekly", "monthly",
  "annual", "mobile", "web", "store", "online", "offline", "domestic", "global", "local",
  "northern", "southern", "central", "primary", "secondary", "draft", "verified", "flagged",
  "shared", "private", "public", "linked", "imported", "exported", "synced",
]; // prettier-ignore
const pluralNouns = [
  "accounts", "addresses", "invoices", "orders", "payments", "refunds", "shipments",
  "subscriptions", "coupons", "products", "reviews", "rooms", "bookings", "customers",
  "vendors", "warehouses", "tickets", "messages", "sessions", "devices", "campaigns",
  "contracts", "leads", "quotes", "deliveries", "claims", "policies", "notes", "tasks",
  "projects", "teams", "licenses", "listings",
]; // prettier-ignore
const words = [
  "name", "title", "label", "summary", "notes", "region", "city", "country", "channel",
  "source", "owner", "plan", "tier", "segment", "priority", "language", "timezone", "brand",
  "category", "score", "balance", "total", "discount", "tax", "weight", "height", "width",
  "depth", "rank", "position", "version", "revision", "color", "size", "material", "supplier",
  "carrier", "route", "stage", "reason", "outcome", "rating", "budget", "margin", "quota",
  "seats", "renewal", "contact", "manager", "approver", "locale", "website", "phone", "fax",
  "address_line_1", "address_line_2", "postal_code",
]; // prettier-ignore
const suffixes = ["", "", "", "_id", "_at", "_on", "_count", "_amount", "_url", "_code", "_type"];
const areas = [
  "Checkout", "Catalog", "Search", "Onboarding", "Billing", "Account", "Support", "Messaging",
  "Referral", "Loyalty", "Booking", "Review", "Inventory", "Shipping", "Reporting",
]; // prettier-ignore
const objects = [
  "Cart", "Coupon", "Product", "Order", "Payment", "Invoice", "Ticket", "Message", "Profile",
  "Team", "Invite", "Report", "Filter", "Banner", "Wishlist", "Address", "Subscription",
  "Document", "Dashboard", "Notification",
]; // prettier-ignore
const actions = [
  "Viewed", "Clicked", "Created", "Updated", "Deleted", "Shared", "Started", "Completed",
  "Failed", "Retried", "Exported", "Imported", "Opened", "Closed", "Submitted", "Approved",
  "Rejected", "Archived", "Restored", "Renamed",
]; // prettier-ignore
const enumValues = [
  ["draft", "active", "paused", "archived"],
  ["low", "medium", "high", "urgent"],
  ["web", "ios", "android", "pos"],
  ["USD", "EUR", "GBP", "JPY", "CAD"],
  ["card", "paypal", "apple_pay", "gift_card", "bank_transfer"],
];
const patterns = ["^[a-z0-9-]+$", "^[A-Z]{2}-[0-9]{4}$", "^\\+?[0-9 ()-]{6,20}$", "^[a-f0-9]{24}$"];
const formats = ["date", "date-time", "email", "uri", "uuid", "time"];

/** Writes `fileCount` schema files under `root` (which is emptied first). */
export function generateWorkspace(root: string, fileCount = 1000, seed = 1): GeneratedWorkspace {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const random = new Random(seed);
  const out: GeneratedWorkspace = { root, files: [], collections: 0, trackingPlans: 0, bytes: 0 };
  const write = (relative: string, value: unknown) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    const text = JSON.stringify(value, null, 2) + "\n";
    writeFileSync(file, text);
    out.files.push(file);
    out.bytes += Buffer.byteLength(text);
  };
  writeFileSync(
    path.join(root, "segkit.config.json"),
    JSON.stringify({ schemas: { collections: "schemas/collections", events: "schemas/events" } }),
  );
  write(`${sharedFolder}/common.json`, commonDefinitions());
  write(`${sharedFolder}/identifiers.json`, identifierDefinitions());
  write(`${sharedFolder}/context.json`, contextDefinitions());
  write("schemas/events/traits.json", traitsPlan(random));
  out.trackingPlans = 4;

  const planCount = Math.round(fileCount * 0.15) - out.trackingPlans;
  const plans = random.sample(
    areas.flatMap((area) => objects.map((object) => [area, object] as const)),
    planCount,
  );
  const written: { file: string; definitions: string[] }[] = [];
  for (const [area, object] of plans) {
    const file = `schemas/events/${area.toLowerCase()}/${object.toLowerCase()}.json`;
    const plan = trackingPlan(random, file, area, object, written);
    write(file, plan);
    written.push({ file, definitions: Object.keys(plan.definitions as Schema) });
    out.trackingPlans++;
  }

  const collectionCount = fileCount - out.files.length;
  const names = random.sample(
    prefixes.flatMap((prefix) => pluralNouns.map((noun) => `${prefix}_${noun}`)),
    collectionCount,
  );
  for (const name of names) {
    const file = `schemas/collections/${random.pick(domains)}/${name}.json`;
    write(file, collection(random, file, name));
    out.collections++;
  }
  return out;
}

/** How a file refers to the shared definitions: `../shared/common.json#/definitions/money`. */
function sharedRef(fromFile: string, sharedFile: string, name: string): string {
  const relative = path.posix.relative(
    path.posix.dirname(fromFile),
    `${sharedFolder}/${sharedFile}`,
  );
  return `${relative}#/definitions/${name}`;
}

function pickSharedScalar(random: Random, fromFile: string): string {
  const file = random.pick(Object.keys(sharedScalars)) as keyof typeof sharedScalars;
  return sharedRef(fromFile, file, random.pick(sharedScalars[file]));
}

/** Local scalar definitions a file may declare, one of them a `$ref` chain into a shared file. */
function localScalar(name: string, fromFile: string): Schema {
  switch (name) {
    case "money":
      return { type: "number", minimum: 0, multipleOf: 0.01, description: "An amount in cents." };
    case "slug":
      return { type: "string", pattern: "^[a-z0-9-]+$", maxLength: 120 };
    case "rating":
      return { type: "integer", minimum: 1, maximum: 5 };
    case "ratio":
      return { type: "number", minimum: 0, maximum: 1 };
    case "status":
      return { type: "string", enum: ["new", "open", "resolved", "closed"] };
    default:
      return { $ref: sharedRef(fromFile, "common.json", "currency"), description: "Via common." };
  }
}
const localScalarNames = ["money", "slug", "rating", "ratio", "status", "local_currency"];

/**
 * A scalar property schema: every type a collection property may have, with the keywords people
 * write: formats, patterns, enums, nullable unions, `$ref` to local and shared definitions.
 */
function scalarSchema(random: Random, name: string, fromFile: string, definitions: Schema): Schema {
  const useLocal = () => {
    const local = random.pick(localScalarNames);
    definitions[local] ??= localScalar(local, fromFile);
    return `#/definitions/${local}`;
  };
  const kind = name.startsWith("is_")
    ? "boolean"
    : name.endsWith("_at")
      ? "date-time"
      : name.endsWith("_on")
        ? "date"
        : name.endsWith("_count")
          ? "integer"
          : name.endsWith("_amount")
            ? "local-ref"
            : name.endsWith("_url")
              ? "url-ref"
              : name.endsWith("_id")
                ? "id-ref"
                : random.weighted([
                    ["string", 6],
                    ["pattern", 2],
                    ["format", 2],
                    ["nullable", 2],
                    ["integer", 2],
                    ["number", 2],
                    ["boolean", 1],
                    ["enum", 2],
                    ["bare-enum", 1],
                    ["integer-enum", 1],
                    ["const", 1],
                    ["local-ref", 2],
                    ["shared-ref", 2],
                    ["any-of", 1],
                  ] as const);
  let schema: Schema;
  switch (kind) {
    case "string":
      schema = { type: "string", maxLength: random.pick([50, 100, 200, 500, 2000, 8000]) };
      if (random.chance(0.3)) schema.minLength = 1;
      break;
    case "pattern":
      schema = { type: "string", pattern: random.pick(patterns) };
      break;
    case "format":
      schema = { type: "string", format: random.pick(formats) };
      break;
    case "date-time":
    case "date":
      schema = { type: random.chance(0.2) ? ["string", "null"] : "string", format: kind };
      break;
    case "nullable":
      schema = { type: [random.pick(["string", "number", "integer"]), "null"] };
      break;
    case "integer":
      schema = { type: "integer", minimum: 0 };
      if (random.chance(0.4)) schema.maximum = random.pick([10, 100, 10000]);
      break;
    case "number":
      schema = { type: "number", minimum: random.pick([-1, 0]), multipleOf: 0.001 };
      break;
    case "boolean":
      schema = { type: "boolean" };
      break;
    case "enum":
      schema = { type: "string", enum: random.pick(enumValues) };
      break;
    case "bare-enum":
      schema = { enum: random.pick(enumValues) };
      break;
    case "integer-enum":
      schema = { type: "integer", enum: [1, 2, 3, 5, 8] };
      break;
    case "const":
      schema = { const: random.int(1, 9) };
      break;
    case "local-ref":
      schema = { $ref: useLocal() };
      break;
    case "shared-ref":
      schema = { $ref: pickSharedScalar(random, fromFile) };
      break;
    case "url-ref":
      schema = { $ref: sharedRef(fromFile, "common.json", "url") };
      break;
    case "id-ref":
      schema = {
        $ref: sharedRef(
          fromFile,
          "identifiers.json",
          random.pick(sharedScalars["identifiers.json"]),
        ),
      };
      break;
    case "any-of":
      schema = {
        anyOf: [
          { $ref: random.chance(0.5) ? useLocal() : pickSharedScalar(random, fromFile) },
          { type: "null" },
        ],
      };
      break;
  }
  if (random.chance(0.4)) schema.description = `The ${name.replaceAll("_", " ")}.`;
  if (random.chance(0.03)) schema.deprecated = true;
  if (random.chance(0.03)) schema["x-owner"] = "data-platform";
  return schema;
}

function propertyNames(random: Random, count: number): string[] {
  const candidates = words.flatMap((word) => suffixes.map((suffix) => word + suffix));
  const names = new Set(random.sample(candidates, count));
  if (random.chance(0.5)) names.add(`is_${random.pick(words)}`);
  return [...names];
}

function collection(random: Random, file: string, name: string): Schema {
  const definitions: Schema = {};
  const properties: Schema = {};
  for (const property of propertyNames(random, random.int(10, 40))) {
    properties[property] = scalarSchema(random, property, file, definitions);
  }
  const names = Object.keys(properties);
  const schema: Schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    collection: name,
    description: `The ${name.replaceAll("_", " ")} as the source system knows them.`,
    objectId: random.pick([
      { type: "string", format: "uuid" },
      { type: "string", pattern: "^[0-9]+$", maxLength: 20 },
      { $ref: sharedRef(file, "identifiers.json", "account_id") },
    ]),
    type: "object",
    properties,
    required: random.sample(names, random.int(1, Math.min(5, names.length))),
    additionalProperties: random.chance(0.7) ? false : true,
  };
  if (Object.keys(definitions).length > 0) schema.definitions = definitions;
  return schema;
}

/** The schema of an event's properties (or a nested object of it), `depth` levels deep at most. */
function objectSchema(
  random: Random,
  file: string,
  depth: number,
  otherPlans: readonly { file: string; definitions: string[] }[],
  definitions: Schema,
): Schema {
  const properties: Schema = {};
  for (const name of propertyNames(random, random.int(3, depth === 0 ? 12 : 6))) {
    const kind = random.weighted([
      ["scalar", 10],
      ["object", depth < 2 ? 2 : 0],
      ["array", 1],
      ["array-of-objects", depth < 2 ? 1 : 0],
      ["shared-object", 1],
      ["local-object", 1],
      ["other-plan", otherPlans.length > 0 ? 1 : 0],
    ] as const);
    switch (kind) {
      case "scalar":
        properties[name] = scalarSchema(random, name, file, definitions);
        break;
      case "object":
        properties[name] = objectSchema(random, file, depth + 1, otherPlans, definitions);
        break;
      case "array":
        properties[name] = { type: "array", items: { type: "string" }, uniqueItems: true };
        break;
      case "array-of-objects": {
        const items = random.chance(0.5)
          ? { $ref: sharedRef(file, "common.json", "line_item") }
          : objectSchema(random, file, depth + 1, otherPlans, definitions);
        properties[name] = { type: "array", minItems: 1, items };
        break;
      }
      case "shared-object": {
        const shared = random.pick(Object.keys(sharedObjects)) as keyof typeof sharedObjects;
        properties[name] = { $ref: sharedRef(file, shared, random.pick(sharedObjects[shared])) };
        break;
      }
      case "local-object":
        definitions.context ??= {
          type: "object",
          properties: { trace_id: { type: "string" }, sampled: { type: "boolean" } },
          required: ["trace_id"],
        };
        properties[name] = { $ref: "#/definitions/context" };
        break;
      case "other-plan": {
        const other = random.pick(otherPlans);
        const relative = path.posix.relative(path.posix.dirname(file), other.file);
        const target = random.pick(other.definitions);
        properties[name] = {
          $ref: `${relative.startsWith(".") ? "" : "./"}${relative}#/definitions/${target}`,
        };
        break;
      }
    }
  }
  const names = Object.keys(properties);
  const schema: Schema = { type: "object", properties };
  if (random.chance(0.8)) schema.required = random.sample(names, random.int(1, names.length));
  if (random.chance(0.3)) schema.additionalProperties = false;
  return schema;
}

function trackingPlan(
  random: Random,
  file: string,
  area: string,
  object: string,
  otherPlans: readonly { file: string; definitions: string[] }[],
): Schema {
  // The first definition is always there, so that later plans have something to refer to.
  const definitions: Schema = {
    [`${object.toLowerCase()}_summary`]: {
      type: "object",
      properties: {
        id: { $ref: sharedRef(file, "identifiers.json", "order_id") },
        total: { $ref: sharedRef(file, "common.json", "money") },
        label: { type: "string", maxLength: 200 },
      },
      required: ["id"],
    },
  };
  const events = random.sample(actions, random.int(4, 12)).map((action) => {
    const event: Schema = { name: `${area} ${object} ${action}` };
    if (random.chance(0.7)) event.description = `A user ${action.toLowerCase()} a ${object}.`;
    event.properties = objectSchema(random, file, 0, otherPlans, definitions);
    return event;
  });
  return {
    name: `${area} ${object}`,
    description: `${object} events of the ${area.toLowerCase()} area.`,
    events,
    definitions,
  };
}

function commonDefinitions(): Schema {
  return {
    $comment: "Schemas shared by collections and events: common.json#/definitions/<name>.",
    definitions: {
      money: { type: "number", minimum: 0, multipleOf: 0.01 },
      currency: { type: "string", pattern: "^[A-Z]{3}$", description: 'ISO 4217, e.g. "USD".' },
      country_code: { type: "string", pattern: "^[A-Z]{2}$" },
      email: { type: "string", format: "email", maxLength: 320 },
      url: { type: "string", format: "uri", maxLength: 2048 },
      timestamp: { type: "string", format: "date-time" },
      percentage: { type: "number", minimum: 0, maximum: 100 },
      address: {
        type: "object",
        properties: {
          street: { type: "string" },
          city: { type: "string" },
          postal_code: { type: "string" },
          country: { $ref: "#/definitions/country_code" },
        },
        required: ["city", "country"],
      },
      product: {
        type: "object",
        properties: {
          product_id: { $ref: "identifiers.json#/definitions/order_id" },
          name: { type: "string" },
          price: { $ref: "#/definitions/money" },
          url: { $ref: "#/definitions/url" },
        },
        required: ["product_id"],
      },
      line_item: {
        type: "object",
        properties: {
          product: { $ref: "#/definitions/product" },
          quantity: { type: "integer", minimum: 1 },
        },
        required: ["product", "quantity"],
      },
    },
  };
}

function identifierDefinitions(): Schema {
  const id = (pattern: string) => ({ type: "string", pattern, maxLength: 100 });
  return {
    $comment: "Identifiers, as the source systems write them.",
    definitions: {
      user_id: id("^usr_[a-z0-9]{8,32}$"),
      account_id: id("^acc_[a-z0-9]{8,32}$"),
      order_id: id("^ord_[a-z0-9]{8,32}$"),
      session_id: { type: "string", format: "uuid" },
      device_id: { type: "string", maxLength: 100 },
    },
  };
}

function contextDefinitions(): Schema {
  return {
    $comment: "Context objects many events carry.",
    definitions: {
      device: {
        type: "object",
        properties: {
          id: { $ref: "identifiers.json#/definitions/device_id" },
          platform: { enum: ["web", "ios", "android"] },
          os_version: { type: "string" },
        },
        required: ["platform"],
      },
      campaign: {
        type: "object",
        properties: {
          source: { type: "string" },
          medium: { type: "string" },
          name: { type: "string" },
          landing_url: { $ref: "common.json#/definitions/url" },
        },
      },
      page_context: {
        type: "object",
        properties: {
          path: { type: "string" },
          referrer: { $ref: "common.json#/definitions/url" },
          title: { type: "string" },
        },
        required: ["path"],
      },
    },
  };
}

function traitsPlan(random: Random): Schema {
  const file = "schemas/events/traits.json";
  const definitions: Schema = {};
  const traits = () => objectSchema(random, file, 0, [], definitions);
  return {
    description: "Who the users and accounts are: identify and group traits, page and screen.",
    identify: { description: "Traits of a user.", traits: traits() },
    group: { description: "Traits of an account.", traits: traits() },
    page: { properties: { $ref: "shared/context.json#/definitions/page_context" } },
    screen: { properties: traits() },
    definitions,
  };
}
