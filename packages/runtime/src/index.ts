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
export { BearerToken, WriteKey, type Credentials } from "./credentials.js";
export {
  SegmentAbortError,
  SegmentError,
  SegmentHttpError,
  SegmentNetworkError,
  SegmentTimeoutError,
  SegmentValidationError,
  type RequestDescription,
  type SegmentErrorCode,
  type SegmentErrorOptions,
} from "./errors.js";
export {
  isRetryableStatus,
  parseRetryAfter,
  RetryPolicy,
  retryDefaults,
  type AttemptOutcome,
  type RetryDecision,
  type RetryPolicyOptions,
} from "./retry-policy.js";
export {
  HttpClient,
  httpDefaults,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type ResponseHeaders,
} from "./http-client.js";
