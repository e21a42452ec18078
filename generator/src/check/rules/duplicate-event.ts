import { appendPointer, isPlainObject } from "../../workspace/json-pointer.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { Rule } from "../rule.js";

/** An event (by its index in `events`) or a section (identify, group, page, screen) of a plan. */
interface Declaration {
  document: SchemaDocument;
  event: number | undefined;
  section: string | undefined;
}

/** Where a declaration is written; worked out only for one that is reported. */
function pointerOf(declaration: Declaration): string {
  return declaration.event === undefined
    ? appendPointer("", declaration.section!)
    : appendPointer("/events", declaration.event, "name");
}

const sections = ["identify", "group", "page", "screen"] as const;

export const duplicateEvent: Rule = {
  id: "duplicate-event",
  description:
    "Two events have the same name, or identify, group, page or screen is described twice in the tracking plan.",
  defaultSeverity: "error",
  checkWorkspace(context) {
    // The first declaration of each event name and section, and the later ones, in order.
    const firstEvents = new Map<string, Declaration>();
    const firstSections = new Map<string, Declaration>();
    let repeats: [string, Declaration, Declaration][] | undefined;
    const documents = context.workspace.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!;
      if (document.kind !== "tracking-plan" || !document.file.parsed) continue;
      const root = document.file.value;
      if (!isPlainObject(root)) continue;
      const events = root.events;
      if (Array.isArray(events)) {
        for (let event = 0; event < events.length; event++) {
          const item: unknown = events[event];
          if (!isPlainObject(item) || typeof item.name !== "string") continue;
          const declaration = { document, event, section: undefined };
          const first = firstEvents.get(item.name);
          if (first) (repeats ??= []).push([item.name, first, declaration]);
          else firstEvents.set(item.name, declaration);
        }
      }
      for (const section of sections) {
        if (!(section in root)) continue;
        const declaration = { document, event: undefined, section };
        const first = firstSections.get(section);
        if (first) (repeats ??= []).push([section, first, declaration]);
        else firstSections.set(section, declaration);
      }
    }
    for (const [name, first, declaration] of repeats ?? []) {
      const part = first.event === undefined ? "key" : "value";
      const line = first.document.file.rangeOf(pointerOf(first)).start.line;
      const where =
        first.document === declaration.document
          ? `line ${line}`
          : `${first.document.file.name}:${line}`;
      context.report({
        document: declaration.document,
        target: { pointer: pointerOf(declaration), part },
        message:
          first.event !== undefined
            ? `event "${name}" is already described at ${where}; each event name is described once — merge the two`
            : `"${name}" is already described at ${where}; the tracking plan describes it once — merge the two`,
        related: [
          {
            document: first.document,
            target: { pointer: pointerOf(first), part },
            message: "first described here",
          },
        ],
      });
    }
  },
};
