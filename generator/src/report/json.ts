import type { Formatter } from "./format.js";
import { summarize } from "./summary.js";

/** The stable machine format; `version` changes only when a field changes meaning. */
export const jsonFormatVersion = 1;

export const formatJson: Formatter = (input) =>
  JSON.stringify(
    {
      version: jsonFormatVersion,
      tool: { name: "segkit", version: input.toolVersion },
      summary: input.summary?.data ?? {
        checkedFiles: input.checkedFiles,
        ...summarize(input.diagnostics),
      },
      diagnostics: input.diagnostics,
    },
    null,
    2,
  ) + "\n";
