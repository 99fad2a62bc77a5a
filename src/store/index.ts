/** Storage: the interface and its two backends. The only module that imports database drivers. */
export type * from './types.js';
export type * from './syncTypes.js';
export type * from './requestBucketTypes.js';
export { USER_ROLES } from './types.js';
export { UsernameTakenError, MigrationError, CategoryNameTakenError } from './errors.js';
export { openSqlite, type SqliteOptions, type SqliteStorage } from './sqlite/openSqlite.js';
export { openPostgres, type PostgresOptions, type PostgresStorage } from './postgres/openPostgres.js';
export { openStorage, type StorageOptions } from './openStorage.js';
export { ensurePrivateDir, ensurePrivateFile } from './privateFiles.js';
export { RedisRequestBuckets } from './redis/RedisRequestBuckets.js';
