import { readFileSync } from "node:fs";

/** The version of @segkit/generator, from its package.json (same path from src/ and dist/). */
export const version: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
