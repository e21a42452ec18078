import { checkAgainstMetaSchema, type MetaProblem } from "../workspace/meta-schemas.js";
import type { SchemaDocument } from "../workspace/workspace.js";

const cache = new WeakMap<SchemaDocument["file"], MetaProblem[]>();

/** A document's meta-schema problems, computed once and shared by the rules that report them. */
export function metaProblems(document: SchemaDocument): MetaProblem[] {
  let problems = cache.get(document.file);
  if (!problems) {
    problems = checkAgainstMetaSchema(document.kind, document.file.value);
    cache.set(document.file, problems);
  }
  return problems;
}
