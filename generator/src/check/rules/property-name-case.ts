import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import { isSnakeCase, toSnakeCase } from "../../naming/identifiers.js";
import type { EditSpec, Rule } from "../rule.js";

export const propertyNameCase: Rule = {
  id: "property-name-case",
  description:
    "A collection property name is not snake_case, which the Objects API recommends (it becomes a warehouse column).",
  defaultSeverity: "warning",
  kinds: ["collection"],
  checkDocument(document, context) {
    const root = document.file.value as { properties?: unknown; required?: unknown };
    const properties = root.properties;
    if (!isPlainObject(properties)) return;
    for (const name in properties) {
      if (isSnakeCase(name)) continue;
      const target = { pointer: appendPointer("/properties", name), part: "key" as const };
      const snake = toSnakeCase(name);
      if (snake === undefined) {
        context.report({
          document,
          target,
          message: `property name "${name}" is not snake_case, which the Objects API recommends: lowercase words joined by underscores, starting with a letter, as in "review_count"`,
        });
        continue;
      }
      if (Object.hasOwn(properties, snake)) {
        context.report({
          document,
          target,
          message: `property name "${name}" is not snake_case, and its snake_case form "${snake}" is taken by another property; rename one of them`,
        });
        continue;
      }
      const edits: EditSpec[] = [{ target, newText: JSON.stringify(snake) }];
      if (Array.isArray(root.required)) {
        root.required.forEach((entry, index) => {
          if (entry === name)
            edits.push({
              target: { pointer: appendPointer("/required", index) },
              newText: JSON.stringify(snake),
            });
        });
      }
      context.report({
        document,
        target,
        message: `property name "${name}" is not snake_case; the Objects API recommends snake_case names — "${snake}"`,
        fix: { description: `Rename "${name}" to "${snake}"`, edits },
      });
    }
  },
};
