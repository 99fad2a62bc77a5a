import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSyncStore } from '../conformance/describeSyncStore.js';
import { openSqlite } from './openSqlite.js';
import type { Storage } from '../types.js';

describeSyncStore('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskcast-sync-'));
  const opened: Storage[] = [];
  return {
    async open() {
      const s = openSqlite({ file: join(dir, 'taskcast.db'), pollIntervalMs: 2 });
      await s.migrate();
      opened.push(s);
      return s;
    },
    async drop() {
      for (const s of opened) await s.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
