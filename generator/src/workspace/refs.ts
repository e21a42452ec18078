import { existsSync } from "node:fs";
import path from "node:path";
import { decodePointer, valueAt, valueAtPointer } from "./json-pointer.js";
import type { SchemaDocument, Workspace } from "./workspace.js";

/** Where a `$ref` leads: a document and a pointer in it. Shared between callers: never changed. */
export interface RefTarget {
  readonly document: SchemaDocument;
  readonly pointer: string;
  readonly value: unknown;
}

export type RefResolution =
  | { readonly ok: true; readonly target: RefTarget }
  | { readonly ok: false; readonly reason: string };

/**
 * Resolutions that succeeded, for one state of a workspace. A `$ref` into another file means the
 * same from every file of a folder (`../shared/common.json#/definitions/money`), so those are
 * kept by folder; `#/…` is kept by the document it is written in.
 */
interface ResolvedRefs {
  generation: number;
  byDocument: WeakMap<SchemaDocument, DocumentRefs>;
  byFolder: Map<string, FolderRefs>;
  /** The document asked about last, and its refs: rules resolve a document's `$ref`s in a row. */
  lastDocument: SchemaDocument | undefined;
  lastRefs: DocumentRefs | undefined;
}

interface DocumentRefs {
  /** `#/…` and `""`. */
  local: Map<string, RefResolution>;
  folder: FolderRefs;
}

interface FolderRefs {
  path: string;
  /** References to other files. */
  refs: Map<string, RefResolution>;
  /** The absolute path each file part of those names (path.resolve is slow, and parts repeat). */
  files: Map<string, string>;
}

const resolvedRefs = new WeakMap<Workspace, ResolvedRefs>();

/**
 * Resolves a `$ref` written in `from`: `#/definitions/x` in the same file, or
 * `other.json#/definitions/x` relative to it. Remote URLs and `$id` anchors are not followed:
 * a workspace must be complete on its own, so that checks and generation need no network.
 *
 * Several rules follow the same `$ref`s, so a resolution that succeeded is remembered until the
 * workspace changes. One that failed is worked out again: its reason looks at the file system.
 */
export function resolveRef(workspace: Workspace, from: SchemaDocument, ref: string): RefResolution {
  let cache = resolvedRefs.get(workspace);
  if (cache?.generation !== workspace.generation) {
    cache = {
      generation: workspace.generation,
      byDocument: new WeakMap(),
      byFolder: new Map(),
      lastDocument: undefined,
      lastRefs: undefined,
    };
    resolvedRefs.set(workspace, cache);
  }
  let refs = cache.lastDocument === from ? cache.lastRefs! : cache.byDocument.get(from);
  if (!refs) {
    const folderPath = path.dirname(from.file.path);
    let folder = cache.byFolder.get(folderPath);
    if (!folder) {
      folder = { path: folderPath, refs: new Map(), files: new Map() };
      cache.byFolder.set(folderPath, folder);
    }
    refs = { local: new Map(), folder };
    cache.byDocument.set(from, refs);
  }
  cache.lastDocument = from;
  cache.lastRefs = refs;
  const local = ref === "" || ref.charCodeAt(0) === 35; // "#"
  const resolved = local ? refs.local : refs.folder.refs;
  let resolution = resolved.get(ref);
  if (!resolution) {
    resolution = resolveUncached(workspace, from, refs.folder, ref, local);
    if (resolution.ok) resolved.set(ref, resolution);
  }
  return resolution;
}

function resolveUncached(
  workspace: Workspace,
  from: SchemaDocument,
  folder: FolderRefs,
  ref: string,
  local: boolean,
): RefResolution {
  if (!local && /^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    return {
      ok: false,
      reason: `"${ref}" is a remote reference; segkit follows only files of the workspace, so copy that schema under the schema folders and refer to it by relative path`,
    };
  }
  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  let document = from;
  if (filePart !== "") {
    let file = folder.files.get(filePart);
    if (file === undefined) {
      try {
        file = resolveFilePart(folder.path, filePart);
      } catch {
        return { ok: false, reason: `"${filePart}" is not a valid URI reference` };
      }
      folder.files.set(filePart, file);
    }
    const found = workspace.get(file);
    if (!found) {
      const shown = workspace.displayPath(file);
      return {
        ok: false,
        reason: existsSync(file)
          ? `${shown} is outside the schema folders; move it under them so that it is checked too`
          : `there is no file ${shown}`,
      };
    }
    document = found;
  }
  if (!document.file.parsed) {
    return { ok: false, reason: `${document.file.name} does not parse; fix it first` };
  }
  let pointer = fragment;
  try {
    if (fragment.includes("%")) pointer = decodeURIComponent(fragment);
  } catch {
    return { ok: false, reason: `"#${fragment}" is not a valid URI fragment` };
  }
  if (pointer !== "" && !pointer.startsWith("/")) {
    return {
      ok: false,
      reason: `"#${fragment}" is a plain-name fragment; segkit follows JSON-pointer fragments such as "#/definitions/${fragment}"`,
    };
  }
  const value = valueAtPointer(document.file.value, pointer);
  if (value === undefined) {
    const where = filePart === "" ? "this file" : document.file.name;
    const segments = decodePointer(pointer);
    return {
      ok: false,
      reason: `there is nothing at "#${pointer}" in ${where}${suggestSibling(document.file.value, segments)}`,
    };
  }
  return { ok: true, target: { document, value, pointer } };
}

function suggestSibling(root: unknown, segments: string[]): string {
  const parent = valueAt(root, segments.slice(0, -1));
  if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return "";
  const names = Object.keys(parent);
  if (names.length === 0) return "";
  const shown = names
    .slice(0, 8)
    .map((n) => `"${n}"`)
    .join(", ");
  return `; it has ${shown}${names.length > 8 ? ", …" : ""}`;
}

/** A relative path of plain names after any "../" and "./": most `$ref` file parts. */
const plainRelative = /^(?:\.\.?\/)*[^./\\%][^/\\%]*(?:\/[^./\\%][^/\\%]*)*$/;

/**
 * `path.resolve(folder, decodeURI(part))`, the file a `$ref`'s file part names. A plain relative
 * part such as `../shared/common.json`, from a normalised POSIX folder, is joined by slicing:
 * path.resolve normalises by building a dozen strings, for each of the hundreds of (folder, file
 * part) pairs of a large workspace. Anything else goes to path.resolve.
 */
export function resolveFilePart(folder: string, part: string): string {
  if (path.sep !== "/" || !plainRelative.test(part) || !isNormalizedAbsolute(folder)) {
    return path.resolve(folder, decodeURI(part));
  }
  let base = folder;
  let start = 0;
  for (;;) {
    if (part.startsWith("../", start)) {
      base = base.slice(0, Math.max(base.lastIndexOf("/"), 1));
      start += 3;
    } else if (part.startsWith("./", start)) {
      start += 2;
    } else {
      break;
    }
  }
  return (base === "/" ? base : base + "/") + part.slice(start);
}

/** An absolute POSIX path without empty, "." or ".." segments or a trailing "/" (but for "/"). */
function isNormalizedAbsolute(folder: string): boolean {
  return folder === "/" || (folder.startsWith("/") && !/\/\.{0,2}(?:\/|$)/.test(folder));
}
