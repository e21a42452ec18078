import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { roleSites } from "../../workspace/schema-sites.js";
import type { RefTarget } from "../../workspace/refs.js";
import { followRefs, siteTarget } from "../follow-ref.js";
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
    for (const site of roleSites(document)) {
      if (site.role !== "collection-property") continue;
      const problem = findProblem(context, siteTarget(document, site.pointer, site.value));
      if (!problem) continue;
      // A problem met through a $ref is reported at the property, naming where it leads.
      const onSite =
        problem.at.document === document &&
        (problem.at.pointer === site.pointer || problem.at.pointer.startsWith(site.pointer + "/"));
      const place =
        problem.at.document === document
          ? `#${problem.at.pointer}`
          : `${problem.at.document.file.name}#${problem.at.pointer}`;
      const via = onSite ? "" : ` (through $ref, at ${place})`;
      context.report({
        document,
        target: onSite
          ? { pointer: problem.at.pointer, part: problem.part }
          : { pointer: site.pointer, part: "key" },
        message: `property "${site.name}" ${problem.text}${via}; ${problem.advice ?? why}`,
      });
    }
  },
};

interface Problem {
  at: RefTarget;
  part: "key" | "value";
  text: string;
  advice?: string;
  /** The schema names no type: it only lacks one, or has keywords of lists or objects. */
  weak?: boolean;
}

/**
 * `path` holds the schemas being looked at further up (each schema object is its own place): a
 * schema that refers back to one adds nothing.
 */
function findProblem(
  context: RuleContext,
  start: RefTarget,
  path?: Set<unknown>,
): Problem | undefined {
  const schema = followRefs(context.workspace, start);
  if (!schema) return undefined; // unresolved-ref or ref-cycle reports it
  // Most properties come to a schema whose scalar "type" settles the question.
  const type = isPlainObject(schema.value) ? schema.value.type : undefined;
  if (typeof type === "string" && type !== "array" && type !== "object") return undefined;
  if (Array.isArray(type) && !type.includes("array") && !type.includes("object")) return undefined;
  // Only branches (anyOf, oneOf, allOf) come back here: most properties need no path at all.
  path ??= new Set();
  if (path.has(schema.value)) return undefined;
  path.add(schema.value);
  try {
    return problemOf(context, schema, path);
  } finally {
    path.delete(schema.value);
  }
}

function problemOf(
  context: RuleContext,
  schema: RefTarget,
  path: Set<unknown>,
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
  const at = (keyword: string): RefTarget => ({
    ...schema,
    pointer: appendPointer(schema.pointer, keyword),
    value: value[keyword],
  });
  if (value.type !== undefined) {
    const types = Array.isArray(value.type) ? value.type : [value.type];
    if (types.includes("array"))
      return {
        at: at("type"),
        part: "value",
        text: "is a list",
        advice: `${why} — store the items as one delimited string, or give each its own property`,
      };
    if (types.includes("object"))
      return {
        at: at("type"),
        part: "value",
        text: "is an object",
        advice: `${why} — flatten it into one property per field, such as "address_city"`,
      };
    return undefined; // only scalar types are left, or a type name the meta-schema reports
  }
  for (const keyword of ["enum", "const"] as const) {
    if (!(keyword in value)) continue;
    const values =
      keyword === "enum" ? (Array.isArray(value.enum) ? value.enum : []) : [value.const];
    const index = values.findIndex((v) => typeof v === "object" && v !== null);
    const bad = values[index];
    if (index !== -1)
      return {
        at:
          keyword === "enum"
            ? { ...schema, pointer: appendPointer(schema.pointer, "enum", index), value: bad }
            : at(keyword),
        part: "value",
        text: `allows ${Array.isArray(bad) ? "a list" : "an object"} in its "${keyword}"`,
      };
    return undefined;
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = value[keyword];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      const problem = findProblem(
        context,
        {
          ...schema,
          pointer: appendPointer(schema.pointer, keyword, i),
          value: branches[i],
        },
        path,
      );
      if (problem) return problem;
    }
    return undefined;
  }
  // Every branch of an allOf applies: one naming a list or an object decides, and one naming
  // a scalar type narrows the branches that name none.
  if (Array.isArray(value.allOf)) {
    const problems = value.allOf.map((branch, i) =>
      findProblem(
        context,
        {
          ...schema,
          pointer: appendPointer(schema.pointer, "allOf", i),
          value: branch,
        },
        path,
      ),
    );
    const strong = problems.find((problem) => problem && !problem.weak);
    if (strong) return strong;
    if (problems.some((problem) => !problem)) return undefined;
    if (problems[0]) return problems[0];
  }
  const objectKeyword = objectKeywords.find((k) => k in value);
  if (objectKeyword)
    return {
      at: at(objectKeyword),
      part: "key",
      text: `describes an object ("${objectKeyword}")`,
      weak: true,
    };
  const arrayKeyword = arrayKeywords.find((k) => k in value);
  if (arrayKeyword)
    return {
      at: at(arrayKeyword),
      part: "key",
      text: `describes a list ("${arrayKeyword}")`,
      weak: true,
    };
  if (!valueKeywords.some((k) => k in value)) {
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

function isEmpty(object: Record<string, unknown>): boolean {
  for (const _ in object) return false;
  return true;
}
