import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { schemaSites } from "../../workspace/schema-sites.js";
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
const valueKeywords = ["type", "enum", "const", "anyOf", "oneOf", "allOf"];

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
    for (const site of schemaSites(document)) {
      if (site.role !== "collection-property") continue;
      const problem = findProblem(context, siteTarget(document, site.pointer, site.value));
      if (!problem) continue;
      // A problem met through a $ref is reported at the property, naming where it leads.
      const onSite =
        problem.at.document === document && problem.at.pointer.startsWith(site.pointer);
      const via = onSite
        ? ""
        : ` (through $ref, at ${problem.at.document.file.name}#${problem.at.pointer})`;
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
}

function findProblem(context: RuleContext, start: RefTarget): Problem | undefined {
  const schema = followRefs(context.workspace, start);
  if (!schema) return undefined; // unresolved-ref or ref-cycle reports it
  const value = schema.value;
  if (value === false) return undefined;
  if (value === true || (isPlainObject(value) && Object.keys(value).length === 0)) {
    return {
      at: schema,
      part: "value",
      text: "accepts any value, lists and objects included",
      advice: `give it a "type": ${why}`,
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
    const bad = values.find((v) => typeof v === "object" && v !== null);
    if (bad !== undefined)
      return {
        at: at(keyword),
        part: "value",
        text: `allows ${Array.isArray(bad) ? "a list" : "an object"} in its "${keyword}"`,
      };
    return undefined;
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = value[keyword];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      const problem = findProblem(context, {
        ...schema,
        pointer: appendPointer(schema.pointer, keyword, i),
        value: branches[i],
      });
      if (problem) return problem;
    }
    return undefined;
  }
  const objectKeyword = objectKeywords.find((k) => k in value);
  if (objectKeyword)
    return { at: at(objectKeyword), part: "key", text: `describes an object ("${objectKeyword}")` };
  const arrayKeyword = arrayKeywords.find((k) => k in value);
  if (arrayKeyword)
    return { at: at(arrayKeyword), part: "key", text: `describes a list ("${arrayKeyword}")` };
  if (!valueKeywords.some((k) => k in value)) {
    return {
      at: schema,
      part: "value",
      text: 'has no "type", so it accepts lists and objects too',
      advice: `add a "type": ${why}`,
    };
  }
  return undefined;
}
