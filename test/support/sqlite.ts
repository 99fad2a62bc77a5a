import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SqliteOptions, type SqliteStorage, openSqlite } from '../../src/store/index.js';

/** A migrated SQLite storage in a fresh temporary directory (with `options` such as its lock waits); `drop` deletes it. */
export async function openTestSqlite(
  dir = mkdtempSync(join(tmpdir(), 'taskcast-')),
  options: Partial<Omit<SqliteOptions, 'file'>> = {},
): Promise<SqliteStorage & { dir: string; drop(): Promise<void> }> {
  const storage = openSqlite({ file: join(dir, 'taskcast.db'), pollIntervalMs: 2, ...options });
  await storage.migrate();
  return Object.assign(storage, {
    dir,
    async drop() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
