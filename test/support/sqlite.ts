import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteStorage } from '../../src/store/index.js';

/** A migrated SQLite storage in a fresh temporary directory; `drop` deletes it. */
export async function openTestSqlite(dir = mkdtempSync(join(tmpdir(), 'taskcast-'))): Promise<SqliteStorage & { dir: string; drop(): Promise<void> }> {
  const storage = openSqlite({ file: join(dir, 'taskcast.db'), pollIntervalMs: 2 });
  await storage.migrate();
  return Object.assign(storage, {
    dir,
    async drop() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
