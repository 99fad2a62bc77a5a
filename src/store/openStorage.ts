import { join } from 'node:path';
import { openPostgres } from './postgres/openPostgres.js';
import { openSqlite } from './sqlite/openSqlite.js';
import type { Storage } from './types.js';

/** Where to keep data: PostgreSQL when a URL is given, otherwise a SQLite file in the data directory. */
export interface StorageOptions {
  databaseUrl?: string;
  dataDir: string;
  pollIntervalMs?: number;
}

/** Opens and migrates the configured storage. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const storage = options.databaseUrl
    ? openPostgres({ url: options.databaseUrl })
    : openSqlite({ file: join(options.dataDir, 'taskcast.db'), pollIntervalMs: options.pollIntervalMs });
  await storage.migrate();
  return storage;
}
