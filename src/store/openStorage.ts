import { join } from 'node:path';
import { openPostgres } from './postgres/openPostgres.js';
import { openSqlite } from './sqlite/openSqlite.js';
import { ensurePrivateDir, ensurePrivateFile, narrowToOwner } from '../files/index.js';
import type { Storage } from './types.js';

/** Where to keep data: PostgreSQL when a URL is given, otherwise a SQLite file in the data directory. */
export interface StorageOptions {
  databaseUrl?: string;
  dataDir: string;
  pollIntervalMs?: number;
  /** SQLite: busy_timeout of one statement, ms. */
  sqliteBusyTimeoutMs?: number;
  /** SQLite: how long a call retries while the database is locked, ms. */
  sqliteLockWaitMs?: number;
  /** SQLite: interval of the background WAL checkpoint, ms; 0: commits checkpoint themselves. */
  sqliteCheckpointIntervalMs?: number;
  /** SQLite: told when a background checkpoint fails or its thread ends (see openSqlite's onCheckpointError). */
  onSqliteCheckpointError?: (err: Error) => void;
  /** PostgreSQL: time allowed to open a connection, ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL: a session idle inside a transaction this long is ended, ms. */
  idleInTransactionMs?: number;
}

/** Opens and migrates the configured storage. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const storage = options.databaseUrl
    ? openPostgres({
        url: options.databaseUrl,
        connectTimeoutMs: options.connectTimeoutMs,
        idleInTransactionMs: options.idleInTransactionMs,
      })
    : openSqliteFile(options);
  await storage.migrate();
  return storage;
}

/** The SQLite file in the data directory, created private (directory 0700, files 0600). */
function openSqliteFile(options: StorageOptions): Storage {
  const file = join(options.dataDir, 'taskcast.db');
  ensurePrivateDir(options.dataDir);
  ensurePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`]) narrowToOwner(companion);
  return openSqlite({
    file,
    pollIntervalMs: options.pollIntervalMs,
    busyTimeoutMs: options.sqliteBusyTimeoutMs,
    lockWaitMs: options.sqliteLockWaitMs,
    checkpointIntervalMs: options.sqliteCheckpointIntervalMs,
    onCheckpointError: options.onSqliteCheckpointError,
  });
}
