import { isPlainObject } from "../../workspace/json-pointer.js";
import { childPlace, pointerOf, type Place } from "../../workspace/place.js";
import { propertyPlace } from "../../workspace/schema-sites.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import { followRef, followRefs } from "../follow-ref.js";
import type { Rule, RuleContext } from "../rule.js";

const objectKeywords = [
  "properties",
  "patternProperties",
  "additionalProperties",
  "required",
  "minProperties",
  "maxProperties",
  "propertyNames",
  "dependencies",
];
const arrayKeywords = [
  "items",
  "additionalItems",
  "contains",
  "minItems",
  "maxItems",
  "uniqueItems",
];
const valueKeywords = ["type", "enum", "const", "anyOf", "oneOf"];

/** 000: "Values cannot be lists or objects." */
const why =
  "the Objects API takes string, integer, number and boolean values only (no lists, no objects)";

export const collectionPropertyType: Rule = {
  id: "collection-property-type",
  description:
    "A collection property can hold a list, an object or any value; the Objects API takes string, integer, number and boolean values only.",
  defaultSeverity: "error",
  kinds: ["collection"],
  checkDocument(document, context) {
    const root = document.file.value;
    const properties = isPlainObject(root) ? root.properties : undefined;
    if (!isPlainObject(properties)) return;
    for (const name in properties) {
      if (settledInPassing(context, document, properties[name])) continue;
      const site = propertyPlace(document, properties, name);
      if (!site) continue;
      const problem = findProblem(context, site);
      if (!problem) continue;
      // A problem met through a $ref is reported at the property, naming where it leads.
      const at = pointerOf(problem.at);
      const property = pointerOf(site);
      const onSite =
        problem.at.document === document && (at === property || at.startsWith(property + "/"));
      const place =
        problem.at.document === document ? `#${at}` : `${problem.at.document.file.name}#${at}`;
      const via = onSite ? "" : ` (through $ref, at ${place})`;
      context.report({
        document,
        target: onSite ? { pointer: at, part: problem.part } : { pointer: property, part: "key" },
        message: `property "${name}" ${problem.text}${via}; ${problem.advice ?? why}`,
      });
    }
  },
};

interface Problem {
  at: Place;
  part: "key" | "value";
  text: string;
  advice?: string;
  /** The schema names no type: it only lacks one, or has keywords of lists or objects. */
  weak?: boolean;
}

/**
 * Whether a property's schema is settled without a place for it, as `findProblem` would settle it:
 * most properties are, or lead through `$ref` to, a schema whose scalar "type" settles the question.
 */
function settledInPassing(
  context: RuleContext,
  document: SchemaDocument,
  schema: unknown,
): boolean {
  if (!isPlainObject(schema)) return false;
  if (typeof schema.$ref !== "string") return hasScalarType(schema);
  const applied = followRef(context.workspace, document, schema.$ref);
  // A $ref that leads nowhere is unresolved-ref's or ref-cycle's to report.
  return !applied || hasScalarType(applied.value);
}

function hasScalarType(schema: unknown): boolean {
  const type = isPlainObject(schema) ? schema.type : undefined;
  if (typeof type === "string") return type !== "array" && type !== "object";
  return Array.isArray(type) && !type.includes("array") && !type.includes("object");
}

/**
 * `path` holds the schemas whose branches are being looked at further up (each schema object is
 * its own place): a schema that refers back to one adds nothing. A list used as a stack: it holds
 * one schema for each level of branches, and a Set would be made and shrunk for every property
 * with an anyOf.
 */
function findProblem(context: RuleContext, start: Place, path?: unknown[]): Problem | undefined {
  const schema = followRefs(context.workspace, start);
  if (!schema) return undefined; // unresolved-ref or ref-cycle reports it
  // Most properties come to a schema whose scalar "type" settles the question.
  if (hasScalarType(schema.value)) return undefined;
  if (path?.includes(schema.value)) return undefined;
  return problemOf(context, schema, path);
}

/** The problems of the branches of `keyword`, in order; `path` as in findProblem. */
function branchProblems(
  context: RuleContext,
  schema: Place,
  keyword: "anyOf" | "oneOf" | "allOf",
  path: unknown[] | undefined,
): (Problem | undefined)[] {
  const branches = (schema.value as Record<string, unknown[]>)[keyword]!;
  // Only branches need a path: most properties never come here.
  path ??= [];
  path.push(schema.value);
  try {
    const problems: (Problem | undefined)[] = [];
    for (let i = 0; i < branches.length; i++) {
      const problem = findProblem(context, childPlace(schema, branches[i], keyword, i), path);
      problems.push(problem);
      // In an anyOf or a oneOf, the first problem decides.
      if (problem && keyword !== "allOf") break;
    }
    return problems;
  } finally {
    path.pop();
  }
}

function problemOf(
  context: RuleContext,
  schema: Place,
  path: unknown[] | undefined,
): Problem | undefined {
  const value = schema.value;
  if (value === false) return undefined;
  if (value === true || (isPlainObject(value) && isEmpty(value))) {
    return {
      at: schema,
      part: "value",
      text: "accepts any value, lists and objects included",
      advice: `give it a "type": ${why}`,
      weak: true,
    };
  }
  if (!isPlainObject(value)) return undefined;
  // No closure here (keywordPlace, firstIn): this runs for thousands of schemas, and a closure
  // over `value` would make V8 allocate a scope at every call.
  if (value.type !== undefined) {
    const types = Array.isArray(value.type) ? value.type : [value.type];
    if (types.includes("array"))
      return {
        at: keywordPlace(schema, "type"),
        part: "value",
        text: "is a list",
        advice: `${why} — store the items as one delimited string, or give each its own property`,
      };
    if (types.includes("object"))
      return {
        at: keywordPlace(schema, "type"),
        part: "value",
        text: "is an object",
        advice: `${why} — flatten it into one property per field, such as "address_city"`,
      };
    return undefined; // only scalar types are left, or a type name the meta-schema reports
  }
  if ("enum" in value) {
    const values = Array.isArray(value.enum) ? value.enum : [];
    const index = values.findIndex(isContainer);
    if (index === -1) return undefined;
    const bad: unknown = values[index];
    return {
      at: childPlace(schema, bad, "enum", index),
      part: "value",
      text: `allows ${Array.isArray(bad) ? "a list" : "an object"} in its "enum"`,
    };
  }
  if ("const" in value) {
    if (!isContainer(value.const)) return undefined;
    return {
      at: keywordPlace(schema, "const"),
      part: "value",
      text: `allows ${Array.isArray(value.const) ? "a list" : "an object"} in its "const"`,
    };
  }
  for (let k = 0; k < firstProblemKeywords.length; k++) {
    const keyword = firstProblemKeywords[k]!;
    if (!Array.isArray(value[keyword])) continue;
    return branchProblems(context, schema, keyword, path).find((problem) => problem);
  }
  // Every branch of an allOf applies: one naming a list or an object decides, and one naming
  // a scalar type narrows the branches that name none.
  if (Array.isArray(value.allOf)) {
    const problems = branchProblems(context, schema, "allOf", path);
    const strong = problems.find((problem) => problem && !problem.weak);
    if (strong) return strong;
    if (problems.some((problem) => !problem)) return undefined;
    if (problems[0]) return problems[0];
  }
  const objectKeyword = firstIn(objectKeywords, value);
  if (objectKeyword)
    return {
      at: keywordPlace(schema, objectKeyword),
      part: "key",
      text: `describes an object ("${objectKeyword}")`,
      weak: true,
    };
  const arrayKeyword = firstIn(arrayKeywords, value);
  if (arrayKeyword)
    return {
      at: keywordPlace(schema, arrayKeyword),
      part: "key",
      text: `describes a list ("${arrayKeyword}")`,
      weak: true,
    };
  if (firstIn(valueKeywords, value) === undefined) {
    return {
      at: schema,
      part: "value",
      text: 'has no "type", so it accepts lists and objects too',
      advice: `add a "type": ${why}`,
      weak: true,
    };
  }
  return undefined;
}

/** The branch keywords in which the first problem decides. */
const firstProblemKeywords = ["anyOf", "oneOf"] as const;

/** The place of `schema.value[keyword]`. */
function keywordPlace(schema: Place, keyword: string): Place {
  return childPlace(schema, (schema.value as Record<string, unknown>)[keyword], keyword);
}

/** The first of `keywords` that `schema` has, own or not (`in`). */
function firstIn(keywords: readonly string[], schema: Record<string, unknown>): string | undefined {
  for (let k = 0; k < keywords.length; k++) if (keywords[k]! in schema) return keywords[k];
  return undefined;
}

function isContainer(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

function isEmpty(object: Record<string, unknown>): boolean {
  for (const _ in object) return false;
  return true;
}
