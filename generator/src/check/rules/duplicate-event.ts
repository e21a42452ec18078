import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

interface Declaration {
  document: SchemaDocument;
  pointer: string;
}

const sections = ["identify", "group", "page", "screen"] as const;

export const duplicateEvent: Rule = {
  id: "duplicate-event",
  description:
    "Two events have the same name, or identify, group, page or screen is described twice in the tracking plan.",
  defaultSeverity: "error",
  checkWorkspace(context) {
    const declarations = new Map<string, Declaration[]>();
    const add = (key: string, declaration: Declaration) => {
      const list = declarations.get(key);
      if (list) list.push(declaration);
      else declarations.set(key, [declaration]);
    };
    const documents = context.workspace.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!;
      if (document.kind !== "tracking-plan" || !document.file.parsed) continue;
      const root = document.file.value;
      if (!isPlainObject(root)) continue;
      if (Array.isArray(root.events)) {
        root.events.forEach((event, index) => {
          if (isPlainObject(event) && typeof event.name === "string") {
            add(`event:${event.name}`, {
              document,
              pointer: appendPointer("/events", index, "name"),
            });
          }
        });
      }
      for (const section of sections) {
        if (section in root)
          add(`section:${section}`, { document, pointer: appendPointer("", section) });
      }
    }
    for (const [key, list] of declarations) {
      if (list.length === 1) continue;
      const [first, ...others] = list;
      const [kind, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
      for (const declaration of others) {
        const line = first!.document.file.rangeOf(first!.pointer).start.line;
        const where =
          first!.document === declaration.document
            ? `line ${line}`
            : `${first!.document.file.name}:${line}`;
        context.report({
          document: declaration.document,
          target: { pointer: declaration.pointer, part: kind === "event" ? "value" : "key" },
          message:
            kind === "event"
              ? `event "${name}" is already described at ${where}; each event name is described once — merge the two`
              : `"${name}" is already described at ${where}; the tracking plan describes it once — merge the two`,
          related: [
            {
              document: first!.document,
              target: { pointer: first!.pointer, part: kind === "event" ? "value" : "key" },
              message: "first described here",
            },
          ],
        });
      }
    }
  },
};
