/** Where each Segment API lives, by region. 000: Objects hosts; 001: Bulk host; 004: Public API hosts. */
export const objectsEndpoints = {
  oregon: "https://objects.segment.com",
  dublin: "https://objects.euw1.segment.com",
} as const;

export const bulkEndpoint = "https://objects-bulk-api.segmentapis.com";

export const publicApiEndpoints = {
  api: "https://api.segmentapis.com",
  eu1: "https://eu1.api.segmentapis.com",
} as const;

export type ObjectsRegion = keyof typeof objectsEndpoints;
export type PublicApiRegion = keyof typeof publicApiEndpoints;
