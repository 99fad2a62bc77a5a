/** Storage: the two backends of the engine's, auth's and the 1C sync's ports. The only module that imports database drivers. */
export type * from './types.js';
export type * from './requestBucketTypes.js';
export { MigrationError } from './errors.js';
export { openSqlite, type SqliteOptions, type SqliteStorage } from './sqlite/openSqlite.js';
export { openPostgres, type PostgresOptions, type PostgresStorage } from './postgres/openPostgres.js';
export { openStorage, type StorageOptions } from './openStorage.js';
export { RedisRequestBuckets } from './redis/RedisRequestBuckets.js';
export { RedisRateBuckets } from './redis/RedisRateBuckets.js';
export { RedisLoginAttempts } from './redis/RedisLoginAttempts.js';
export { openTaskMinuteStore } from './openTaskMinuteStore.js';
