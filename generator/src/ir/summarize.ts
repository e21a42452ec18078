import { isPlainObject } from "../workspace/json-pointer.js";
import { definitionName, type JsonSchema } from "./bundle.js";

/**
 * A short, human summary of a property schema for READMEs: `integer, ≥ 0`, `"USD" | "EUR"`,
 * `string (date-time) or null`, `string, 1–200 characters`. Plain text: callers escape it.
 */
export function summarize(schema: unknown, definitions: Record<string, JsonSchema>): string {
  if (schema === true) return "any";
  if (schema === false) return "nothing";
  if (!isPlainObject(schema)) return "any";
  if (typeof schema.$ref === "string") {
    return summarize(definitions[definitionName(schema.$ref)], definitions);
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : typeof schema.type === "string"
      ? [schema.type]
      : [];
  const main = types.filter((t) => t !== "null");
  let text = main.length > 0 ? main.join(" | ") : "any";
  if (typeof schema.format === "string") text += ` (${schema.format})`;
  const limits: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === "number" && typeof max === "number") limits.push(`${min}–${max}${unit}`);
    else if (typeof min === "number") limits.push(`≥ ${min}${unit}`);
    else if (typeof max === "number") limits.push(`≤ ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minimum, schema.maximum, "");
  if (typeof schema.exclusiveMinimum === "number") limits.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.exclusiveMaximum === "number") limits.push(`< ${schema.exclusiveMaximum}`);
  if (typeof schema.pattern === "string") limits.push(`pattern ${schema.pattern}`);
  if (limits.length > 0) text += `, ${limits.join(", ")}`;
  if (types.includes("null")) text += " or null";
  return text;
}
