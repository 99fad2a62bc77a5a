// Public surface of the 1C simulator: startSimulator, its options, faults, data access and generation helpers.
export { startSimulator } from './startSimulator.js';
export type { RunningSimulator } from './startSimulator.js';
export { SIMULATOR_DEFAULTS } from './simulatorOptions.js';
export type { SimulatorOptions } from './simulatorOptions.js';
export type { HookedRequest, RequestHook, RestrictedUser } from './requestHook.js';
export { readSimulatorEnv, SIMULATOR_ENV } from './readSimulatorEnv.js';
export { NO_FAULTS } from './faults.js';
export type { SimulatorFaults, FaultBudget, FaultKind } from './faults.js';
export type { SimulatorStats, RequestLogEntry } from './requestStats.js';
export { SimulatorData } from './SimulatorData.js';
export type { DateBounds } from './SimulatorData.js';
export { ENTITY_SCHEMAS } from './entitySchemas.js';
export type { EntitySchema, PropertySchema, CollectionSchema, EdmType } from './entitySchemas.js';
export { generateDataset } from './dataset/generateDataset.js';
export type { Dataset, DatasetOptions } from './dataset/generateDataset.js';
export { isValidSettlementAccount } from './dataset/bankAccountNumber.js';
export { SimulatorConfigError, SimulatorRecordError, SimulatorRecordNotFoundError } from './errors.js';
