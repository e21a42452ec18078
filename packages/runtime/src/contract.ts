/**
 * The limits of the Objects API (../shared/seeds 000) and the Objects Bulk API (001), in one place
 * for the emulator, the clients and the checker.
 */

/** 000: "The max batch size is 10 objects per request." */
export const maxObjectsPerRequest = 10;

/** 000, 001: collection "maximum of 100 characters"; id "Maximum of 100 characters". */
export const maxCollectionNameLength = 100;
export const maxObjectIdLength = 100;

/** 000, 001: "Each value must be less than 32KB in size." */
export const maxPropertyValueBytes = 32 * 1024;

/** 001: "The maximum size of a single object is 400KB". */
export const maxBulkObjectBytes = 400 * 1024;

/** 001: "maximum uncompressed size of a file 512MB". */
export const maxBulkFileBytes = 512 * 1024 * 1024;

/** 001: "20 simultaneous requests per Write Key" (and from the same IP). */
export const maxConcurrentBulkRequests = 20;

/** 001: "The default session timeout is 10 minutes." */
export const bulkSessionTimeoutMs = 10 * 60 * 1000;

/**
 * Every way a collection name breaks 000's rule ("lowercase letters and underscores and maximum of
 * 100 characters. Can not begin or end with an underscore."), one short reason each; `[]` when valid.
 * Digits are not mentioned by the contract, so they are not allowed (../shared/seeds/README.md).
 */
export function collectionNameReasons(name: string): string[] {
  if (name === "") return ["is empty"];
  const reasons: string[] = [];
  if (/[A-Z]/.test(name)) reasons.push("has uppercase letters");
  if (/[0-9]/.test(name)) reasons.push("has digits");
  if (name.includes("-")) reasons.push("has a hyphen");
  if (/[^a-zA-Z0-9_-]/u.test(name))
    reasons.push("has characters other than letters and underscores");
  if (name.startsWith("_")) reasons.push("starts with an underscore");
  if (name.endsWith("_")) reasons.push("ends with an underscore");
  if (name.length > maxCollectionNameLength)
    reasons.push(`is longer than ${maxCollectionNameLength} characters`);
  return reasons;
}

/** The size of a property value: a string's UTF-8 bytes, or the JSON text of a number or boolean. */
export function valueBytes(value: string | number | boolean | null): number {
  return Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value), "utf8");
}
