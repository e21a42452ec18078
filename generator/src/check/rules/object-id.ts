import { isPlainObject } from "../../workspace/json-pointer.js";
import type { Rule } from "../rule.js";

/** 000, 001: the id is a string of at most 100 characters. */
export const maxObjectIdLength = 100;

export const objectId: Rule = {
  id: "object-id",
  description:
    "The objectId schema allows ids the Objects API rejects: ids are strings of at most 100 characters.",
  defaultSeverity: "error",
  kinds: ["collection"],
  checkDocument(document, context) {
    const schema = (document.file.value as { objectId?: unknown }).objectId;
    if (!isPlainObject(schema)) return;
    if (schema.type !== undefined && schema.type !== "string") {
      const target = { pointer: "/objectId/type" };
      context.report({
        document,
        target,
        message: `the object id must be a string; the Objects API takes ids as strings of at most ${maxObjectIdLength} characters (send numbers as "2561341")`,
        fix: { description: 'Set the type to "string"', edits: [{ target, newText: '"string"' }] },
      });
    }
    if (typeof schema.maxLength === "number" && schema.maxLength > maxObjectIdLength) {
      const target = { pointer: "/objectId/maxLength" };
      context.report({
        document,
        target,
        message: `maxLength ${schema.maxLength} allows ids longer than the Objects API's limit of ${maxObjectIdLength} characters`,
        fix: {
          description: `Set maxLength to ${maxObjectIdLength}`,
          edits: [{ target, newText: String(maxObjectIdLength) }],
        },
      });
    }
  },
};
