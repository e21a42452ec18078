import type { Formatter } from "./format.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatPretty } from "./pretty.js";
import { formatSarif } from "./sarif.js";

export const formatters = {
  pretty: formatPretty,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

/** `segkit validate` reports in every format of `segkit check`, and in JUnit XML for test reporters. */
export const validateFormatters = { ...formatters, junit: formatJunit } satisfies Record<
  string,
  Formatter
>;
export type ValidateFormatName = keyof typeof validateFormatters;
export const validateFormatNames = Object.keys(validateFormatters) as ValidateFormatName[];
export const formatNames = Object.keys(formatters) as FormatName[];
export type { Formatter, ReportInput } from "./format.js";
