export { basicAuthorization } from "./auth.js";
export {
  bulkSessionTimeoutMs,
  collectionNameReasons,
  maxBulkFileBytes,
  maxBulkObjectBytes,
  maxCollectionNameLength,
  maxConcurrentBulkRequests,
  maxObjectIdLength,
  maxObjectsPerRequest,
  maxPropertyValueBytes,
  valueBytes,
} from "./contract.js";
export {
  bulkEndpoint,
  objectsEndpoints,
  publicApiEndpoints,
  type ObjectsRegion,
  type PublicApiRegion,
} from "./regions.js";
