/** One file a target produces, relative to its package folder, before formatting. */
export interface GeneratedFile {
  path: string;
  content: string;
  /** How prettier formats it; `none` for files written as they are. */
  format: "typescript" | "json" | "jsonc" | "markdown" | "none";
}

/** A generated package: its folder below the output folder and its files. */
export interface GeneratedPackage {
  folder: string;
  /** The schema files it is generated from, relative to the workspace root. */
  sources: string[];
  files: GeneratedFile[];
}
