import { appendPointer, decodePointer, valueAt } from "../../workspace/json-pointer.js";
import type { MetaProblem } from "../../workspace/meta-schemas.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import { metaProblems } from "../meta.js";
import type { Rule, RuleReport } from "../rule.js";
import { removeItem } from "../remove-item.js";
import { closestName } from "../suggest.js";

const metaSchemaNames = { collection: "collection", "tracking-plan": "tracking plan" } as const;

/** Draft-07's type names (json-schema.schema.json), and what other languages call them. */
const typeNames = ["array", "boolean", "integer", "null", "number", "object", "string"];
const typeAliases: Record<string, string> = {
  int: "integer",
  long: "integer",
  float: "number",
  double: "number",
  decimal: "number",
  bool: "boolean",
  str: "string",
  text: "string",
  list: "array",
  dict: "object",
  map: "object",
};

export const metaSchema: Rule = {
  id: "meta-schema",
  description:
    "The file does not have the shape of its kind (collection or tracking plan): a missing or mistyped keyword.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    for (const problem of metaProblems(document)) {
      if (problem.unknownKey) continue; // reported by unknown-keyword, with a suggestion
      const report = describe(document, problem);
      report.message += ` (see the ${metaSchemaNames[document.kind]} file format in the README)`;
      context.report(report);
    }
  },
};

/** Ajv's message, or a plainer one for the mistakes people make most. */
function describe(document: SchemaDocument, problem: MetaProblem): RuleReport {
  const target = { pointer: problem.pointer };
  const report: RuleReport = { document, target, message: problem.message };
  const value = valueAt(document.file.value, decodePointer(problem.pointer));
  const name = keywordName(problem.pointer);
  switch (problem.keyword) {
    case "minLength":
      if (value === "") report.message = `${name} must not be empty`;
      break;
    case "minItems":
      if (Array.isArray(value) && value.length === 0)
        report.message = `${name} must not be an empty list`;
      break;
    case "minimum": {
      const limit = /must be >= (\S+)/.exec(problem.message)?.[1];
      if (typeof value === "number" && limit)
        report.message = `${name} must be ${limit} or more, not ${value}`;
      break;
    }
    case "uniqueItems":
      if (Array.isArray(value))
        return repeatedItem(document, problem.pointer, name, value) ?? report;
      break;
    case "anyOf":
      if (problem.pointer.endsWith("/type")) {
        if (typeof value === "string") return unknownTypeName(document, problem.pointer, value);
        const index = Array.isArray(value)
          ? value.findIndex((t) => typeof t === "string" && !typeNames.includes(t))
          : -1;
        if (index !== -1)
          return unknownTypeName(
            document,
            appendPointer(problem.pointer, index),
            (value as string[])[index]!,
          );
      }
      break;
  }
  return report;
}

function repeatedItem(
  document: SchemaDocument,
  pointer: string,
  name: string,
  items: unknown[],
): RuleReport | undefined {
  const seen = items.map((item) => JSON.stringify(item));
  const index = seen.findIndex((item, i) => seen.indexOf(item) !== i);
  if (index <= 0) return undefined;
  return {
    document,
    target: { pointer: appendPointer(pointer, index) },
    message: `${name} lists ${seen[index]} twice; each item may appear once`,
    fix: {
      description: `Remove the second ${seen[index]}`,
      edits: [removeItem(document.file, pointer, index, items.length)],
    },
  };
}

function unknownTypeName(document: SchemaDocument, pointer: string, value: string): RuleReport {
  const suggestion = typeAliases[value.toLowerCase()] ?? closestName(value, typeNames);
  const target = { pointer };
  const report: RuleReport = {
    document,
    target,
    message: `"type" must be one of ${typeNames.map((t) => `"${t}"`).join(", ")}, or a list of them, not "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
  };
  if (suggestion) {
    report.fix = {
      description: `Change the type to "${suggestion}"`,
      edits: [{ target, newText: JSON.stringify(suggestion) }],
    };
  }
  return report;
}

function keywordName(pointer: string): string {
  const segments = decodePointer(pointer);
  const last = segments.at(-1);
  if (last === undefined) return "the document";
  return /^\d+$/.test(last) ? `item ${last} of "${segments.at(-2)}"` : `"${last}"`;
}
