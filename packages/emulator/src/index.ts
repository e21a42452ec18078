export { startEmulator, type Emulator } from "./server.js";
export type { EmulatorOptions } from "./options.js";
export type { FaultOptions } from "./faults.js";
export type { LoggedRequest } from "./request-log.js";
export type { QueryResult, WarehouseObject, PropertyValue } from "./warehouse.js";
