import type { Node } from "jsonc-parser";
import { encodePointer, type PointerSegment } from "../../workspace/json-pointer.js";
import { keyCount } from "../../workspace/schema-sites.js";
import type { SchemaDocument } from "../../workspace/workspace.js";
import type { RuleContext, Rule } from "../rule.js";

export const duplicateKey: Rule = {
  id: "duplicate-key",
  description: "An object holds the same key twice; JSON parsers silently keep only the last one.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    // The walk that indexes the document's schemas counts its keys on the way.
    if (!document.file.mayHaveDuplicateKeys(keyCount(document))) return;
    const root = document.file.tree;
    if (!root) return;
    const visit = (node: Node, path: PointerSegment[]) => {
      if (node.type === "object") {
        const keys = new Map<string, Node[]>();
        for (const property of node.children ?? []) {
          const key = property.children?.[0];
          const value = property.children?.[1];
          if (!key) continue;
          const name = String(key.value);
          keys.set(name, [...(keys.get(name) ?? []), key]);
          if (value) visit(value, [...path, name]);
        }
        for (const [name, occurrences] of keys) {
          if (occurrences.length > 1)
            reportRepeats(document, context, encodePointer([...path, name]), name, occurrences);
        }
      } else if (node.type === "array") {
        node.children?.forEach((child, index) => visit(child, [...path, index]));
      }
    };
    visit(root, []);
  },
};

/** Reports every occurrence of a key after its first; JSON.parse, and so every other rule, keeps the last. */
function reportRepeats(
  document: SchemaDocument,
  context: RuleContext,
  pointer: string,
  name: string,
  occurrences: Node[],
): void {
  const file = document.file;
  const [first, ...repeats] = occurrences as [Node, ...Node[]];
  const firstAt = file.positionAt(first.offset);
  const last = file.positionAt(repeats.at(-1)!.offset);
  const times = occurrences.length === 2 ? "twice" : `${occurrences.length} times`;
  const remove = occurrences.length === 2 ? "remove one of them" : "remove all but one";
  for (const key of repeats) {
    const kept =
      key === repeats.at(-1)
        ? "only this last one counts"
        : `only the last one counts (line ${last.line}, column ${last.column})`;
    context.report({
      document,
      target: { pointer, range: file.rangeAt(key.offset, key.length) },
      message: `"${name}" appears ${times} in this object (first at line ${firstAt.line}, column ${firstAt.column}); ${kept} — ${remove}`,
      related: [
        {
          document,
          target: { pointer, range: file.rangeAt(first.offset, first.length) },
          message: `first "${name}"`,
        },
      ],
    });
  }
}
