import { appendPointer, decodePointer, isPlainObject } from "../../workspace/json-pointer.js";
import { childPlace, pointerOf, type Place } from "../../workspace/place.js";
import { propertyPlace, schemasWithKeyword } from "../../workspace/schema-sites.js";
import { followRef, followRefs } from "../follow-ref.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule, RuleContext } from "../rule.js";

/** 000: "Each value must be less than 32KB in size." */
export const maxPropertyValueBytes = 32 * 1024;
const limit = maxPropertyValueBytes - 1;

export const stringMaxLength: Rule = {
  id: "string-max-length",
  description:
    "A collection property's maxLength lets values reach 32 KB, which the Objects API does not accept.",
  defaultSeverity: "error",
  kinds: ["collection"],
  checkDocument(document, context) {
    // Every maxLength written in the file: on a property, or on a definition or branch it uses.
    const root = document.file.value;
    const limited = schemasWithKeyword(document, "maxLength");
    for (let i = 0; i < limited.length; i++) {
      const schema = limited[i]!;
      const maxLength = schema.maxLength;
      if (typeof maxLength !== "number" || maxLength <= limit) continue;
      const pointer = document.file.pointerOf(schema);
      if (schema === root || pointer.startsWith("/objectId")) continue; // object-id checks ids
      const target = { pointer: appendPointer(pointer, "maxLength") };
      context.report({
        document,
        target,
        message: `maxLength ${maxLength} lets ${subject(pointer)} reach 32 KB; the Objects API takes values under 32 KB (${maxPropertyValueBytes} bytes), so use at most ${limit} — fewer for text beyond ASCII, which takes 2 to 4 bytes a character`,
        fix: {
          description: `Set maxLength to ${limit}`,
          edits: [{ target, newText: String(limit) }],
        },
      });
    }
    // A maxLength in another file, reached through $ref, is reported at the property that uses it.
    const properties = isPlainObject(root) ? root.properties : undefined;
    if (!isPlainObject(properties)) return;
    for (const name in properties) {
      const own = properties[name];
      // A boolean schema holds no maxLength; a schema of its own, with no $ref or branches, was
      // seen by the first loop.
      if (
        !isPlainObject(own) ||
        (own.$ref === undefined &&
          own.anyOf === undefined &&
          own.oneOf === undefined &&
          own.allOf === undefined)
      )
        continue;
      // Most references lead to a plain schema: settled without a place for the property.
      if (typeof own.$ref === "string") {
        const applied = followRef(context.workspace, document, own.$ref);
        if (!applied || !isPlainObject(applied.value)) continue;
        if (!isLongElsewhere(applied, document) && !hasBranches(applied.value)) continue;
      }
      const site = propertyPlace(document, properties, name)!;
      const found = longStringElsewhere(context, site);
      if (!found) continue;
      context.report({
        document,
        target: { pointer: pointerOf(site), part: "key" },
        message: `property "${name}" can reach 32 KB: it uses maxLength ${String(found.value)} (through $ref, at ${found.document.file.name}#${pointerOf(found)}); the Objects API takes values under 32 KB, so use at most ${limit} there, or a schema of your own here`,
      });
    }
  },
};

/** Whose values the maxLength at the schema at `pointer` limits: the property or definition that holds it. */
function subject(pointer: string): string {
  const [holder, name] = decodePointer(pointer);
  if (holder === "properties") return `"${name}"`;
  if (holder === "definitions") return `values of definition "${name}"`;
  return "values";
}

const branchKeywords = ["anyOf", "oneOf", "allOf"] as const;

/**
 * A too-large maxLength that a property's schema reaches in another document than `home`. `path`
 * is the stack of schemas whose branches are being looked at further up.
 */
function longStringElsewhere(
  context: RuleContext,
  start: Place,
  home = start.document,
  path?: unknown[],
): Place | undefined {
  const schema = followRefs(context.workspace, start);
  if (!schema || !isPlainObject(schema.value)) return undefined;
  const value = schema.value;
  if (path?.includes(value)) return undefined; // a schema that refers back to itself adds nothing
  if (isLongElsewhere(schema, home)) return childPlace(schema, value.maxLength, "maxLength");
  let entered = false;
  for (let k = 0; k < branchKeywords.length; k++) {
    const keyword = branchKeywords[k]!;
    const branches = value[keyword];
    if (!Array.isArray(branches)) continue;
    // Only branches need a path: most schemas a property comes to have none.
    if (!entered) (path ??= []).push(value);
    entered = true;
    for (let i = 0; i < branches.length; i++) {
      const branch = childPlace(schema, branches[i], keyword, i);
      const found = longStringElsewhere(context, branch, home, path);
      if (found) return found;
    }
  }
  if (entered) path!.pop();
  return undefined;
}

/** Whether `schema`, a place holding an object, is in another document than `home` and too long. */
function isLongElsewhere(schema: Place, home: SchemaDocument): boolean {
  const maxLength = (schema.value as Record<string, unknown>).maxLength;
  return schema.document !== home && typeof maxLength === "number" && maxLength > limit;
}

/** Whether a schema has a list under one of `branchKeywords`; named loads, as in ref-cycle. */
function hasBranches(schema: Record<string, unknown>): boolean {
  return Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf) || Array.isArray(schema.allOf);
}
