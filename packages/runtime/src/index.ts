export { basicAuthorization } from "./auth.js";
export {
  bulkEndpoint,
  objectsEndpoints,
  publicApiEndpoints,
  type ObjectsRegion,
  type PublicApiRegion,
} from "./regions.js";
