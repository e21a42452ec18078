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
  SegmentDeliveryError,
  SegmentError,
  SegmentHttpError,
  SegmentNetworkError,
  SegmentTimeoutError,
  SegmentValidationError,
  type DeliveryCounts,
  type RequestDescription,
  type SegmentErrorCode,
  type SegmentErrorOptions,
  type ValidationIssue,
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
export {
  contractProblems,
  type ObjectInput,
  type PropertiesValidator,
  type PropertyValue,
  type ValidationProblem,
} from "./object-checks.js";
export {
  ObjectsSender,
  senderDefaults,
  type DeliveryFailure,
  type ObjectsSenderOptions,
  type ObjectsSummary,
} from "./objects-sender.js";
export {
  BulkWriter,
  bulkWriterDefaults,
  type BulkFailure,
  type BulkSummary,
  type BulkWriterOptions,
} from "./bulk-writer.js";
export {
  ajvFormats,
  ajvRuntime,
  createValidator,
  describeValidationErrors,
  withIsoDates,
  type CompiledValidator,
  type RawValidationError,
  type Validator,
} from "./validation.js";
