/** The 1C sync built on the task engine: task handlers, classification, routes and the server feature. */
export { syncFeature, DEMO_DATA, type SyncFeatureDeps } from './syncFeature.js';
export { bankTransactionsSync, type BankSyncPayload } from './bankTransactionsSync.js';
export { contractorsSync } from './contractorsSync.js';
export { Classifier, type Classifiable } from './classify/classifier.js';
export { DEFAULT_CLASSIFICATION, seedDefaultClassification } from './classify/defaultClassification.js';
export { syncRoutes, type SyncSourceInfo } from './routes/syncRoutes.js';
export { MAX_SYNC_DAYS, checkBankSyncPayload, checkContractorsPayload } from './syncPayloads.js';
export { dataRoutes } from './routes/dataRoutes.js';
export { BANK_SYNC_TYPE, CONTRACTORS_SYNC_TYPE } from './taskTypes.js';
export type { SyncResult } from './syncResult.js';
export { BATCH_SIZE, YIELD_EVERY } from './BatchWriter.js';
// The storage port the 1C sync owns; src/store implements it on both backends.
export type * from './syncStore.js';
export { CategoryNameTakenError } from './syncStore.js';
export { scoreClassification, type ClassificationScore, type ClassifiedPair, type CategoryScore } from './classify/scoreClassification.js';
