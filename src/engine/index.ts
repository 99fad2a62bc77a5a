/** The task engine: the only public entry of src/engine. */
export { TaskEngine, type EngineOptions, type CreateTaskInput, type EnqueueInput } from './TaskEngine.js';
export type { TaskContext, TaskHandler } from './TaskContext.js';
export type { TaskTypeDefinition } from './taskTypes.js';
export type { TaskListener } from './TaskEvents.js';
export type { TaskObserver, TaskOutcome } from './TaskObserver.js';
export type { TaskBus, BusHandlers, RemoteChange } from './TaskBus.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export { ABANDONED_ERROR } from './LeaseKeeper.js';
export { ENGINE_DEFAULTS } from './defaults.js';
export { DEFAULT_BACKOFF, backoffDelay, backoffBounds, backoffCeiling, resolveBackoff } from './backoff.js';
export { attemptsOf } from './attempts.js';
export { listByStatus } from './listByStatus.js';
export * from './errors.js';
export * from './types.js';
export { uuidv7, isUuid, uuidv7Floor, TASK_ID_CLOCK_MARGIN_MS } from './uuidv7.js';
export { isDataError, isTransientDatabaseError, retryWhileUnavailable } from './databaseErrors.js';
// The storage port the engine owns, and the helpers its implementations (src/store) share.
export type * from './taskStore.js';
export type * from './taskLogStore.js';
export { TASK_LOG_LEVELS } from './taskLogStore.js';
export type { TaskLogListener } from './TaskLogs.js';
export { newTaskRow, claimedAtInsert } from './newTaskRow.js';
export { refusal } from './guard.js';
export { completedRow, type CompletedColumns } from './completedRow.js';
export { TASK_COLUMNS, INSERT_ONLY_COLUMNS, STORE_ONLY_COLUMNS, type StoredTask, type RawTaskOf, type AsStored } from './taskColumns.js';
export { bucketTake, bucketAfterTake, type BucketTake, type RateBuckets } from './rateBuckets.js';
