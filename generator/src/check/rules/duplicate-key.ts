import type { Node } from "jsonc-parser";
import { encodePointer, type PointerSegment } from "../../workspace/json-pointer.js";
import type { Rule } from "../rule.js";

export const duplicateKey: Rule = {
  id: "duplicate-key",
  description: "An object holds the same key twice; JSON parsers silently keep only the last one.",
  defaultSeverity: "error",
  checkDocument(document, context) {
    if (!document.file.mayHaveDuplicateKeys()) return;
    const root = document.file.tree;
    if (!root) return;
    const visit = (node: Node, path: PointerSegment[]) => {
      if (node.type === "object") {
        const first = new Map<string, Node>();
        for (const property of node.children ?? []) {
          const key = property.children?.[0];
          const value = property.children?.[1];
          if (!key) continue;
          const name = String(key.value);
          const earlier = first.get(name);
          if (earlier) {
            const at = document.file.positionAt(earlier.offset);
            context.report({
              document,
              target: {
                pointer: encodePointer([...path, name]),
                range: document.file.rangeAt(key.offset, key.length),
              },
              message: `"${name}" appears twice in this object (first at line ${at.line}, column ${at.column}); only this one would count — remove one of them`,
              related: [
                {
                  document,
                  target: {
                    pointer: encodePointer([...path, name]),
                    range: document.file.rangeAt(earlier.offset, earlier.length),
                  },
                  message: `first "${name}"`,
                },
              ],
            });
          } else {
            first.set(name, key);
          }
          if (value) visit(value, [...path, name]);
        }
      } else if (node.type === "array") {
        node.children?.forEach((child, index) => visit(child, [...path, index]));
      }
    };
    visit(root, []);
  },
};
