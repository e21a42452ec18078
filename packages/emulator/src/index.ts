export { startEmulator, type Emulator } from "./server.js";
export type { EmulatorOptions } from "./options.js";
export type { FaultOptions } from "./faults.js";
export type { LoggedRequest } from "./request-log.js";
export {
  openWarehouse,
  WarehouseError,
  type WarehouseOptions,
  type QueryResult,
  type Warehouse,
  type WarehouseObject,
  type PropertyValue,
} from "./warehouse.js";
