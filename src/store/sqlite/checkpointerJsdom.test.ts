// @vitest-environment jsdom
/**
 * The web tests run a real server, with its SQLite storage, under jsdom, where `URL` is jsdom's: the background
 * checkpoint thread must start there too (its file was once given as a URL, which Worker refused there with an
 * uncaught exception from a timer that failed the whole test run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { START_AT_WAL_BYTES, runningCheckpointThreads } from './checkpointer.js';
import { openSqlite } from './openSqlite.js';

it('starts the checkpoint thread under jsdom, and close() ends it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskcast-checkpoint-jsdom-'));
  const errors: Error[] = [];
  const storage = openSqlite({ file: join(dir, 'taskcast.db'), checkpointIntervalMs: 10, onCheckpointError: (e) => errors.push(e) });
  try {
    await storage.migrate();
    storage.db.exec('CREATE TABLE filler (b BLOB NOT NULL)');
    const insert = storage.db.prepare('INSERT INTO filler (b) VALUES (randomblob(3000))');
    storage.db.transaction(() => {
      for (let i = 0; i < Math.ceil(START_AT_WAL_BYTES / 4096) + 50; i++) insert.run();
    })();
    await expect.poll(runningCheckpointThreads).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
  expect(runningCheckpointThreads()).toBe(0);
});
