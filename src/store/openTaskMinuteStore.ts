import { PostgresTaskMinuteStore } from './postgres/PostgresTaskMinuteStore.js';
import type { PostgresStorage } from './postgres/openPostgres.js';
import { retryWhenBusy } from './sqlite/retryWhenBusy.js';
import type { SqliteStorage } from './sqlite/openSqlite.js';
import { SqliteTaskMinuteStore } from './sqlite/SqliteTaskMinuteStore.js';
import type { TaskMinuteStore } from '../monitoring/port.js';
import type { Storage } from './types.js';

/**
 * The per-minute figures' store (issue 14) of an open, migrated storage of Taskcast's: on its connection (SQLite,
 * retried while another process holds the lock) or its pool (PostgreSQL).
 */
export function openTaskMinuteStore(storage: Storage, sqliteLockWaitMs = 5000): TaskMinuteStore {
  return storage.kind === 'sqlite'
    ? retryWhenBusy(new SqliteTaskMinuteStore((storage as SqliteStorage).db), sqliteLockWaitMs)
    : new PostgresTaskMinuteStore((storage as PostgresStorage).pool);
}
