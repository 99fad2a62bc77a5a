/**
 * The background WAL checkpointer of the SQLite storage, on real files: a thread checkpoints once the WAL has grown
 * and keeps it from growing, close() ends it, the process exits without close(), 0 leaves checkpoints in the
 * commits, and a thread that fails is reported and handed back to SQLite's own checkpoints.
 *
 * What was checkpointed is read from the wal-index (the -shm file, https://www.sqlite.org/walformat.html): mxFrame,
 * the frames in the WAL, at offset 16; nBackfill, the frames copied into the database, at offset 96; both in the
 * machine's byte order. Reading the file is no connection, so no checkpoint of the test's own gets in the way.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SAFETY_AUTOCHECKPOINT_PAGES,
  SQLITE_AUTOCHECKPOINT_PAGES,
  START_AT_WAL_BYTES,
  runningCheckpointThreads,
  startCheckpointer,
} from './checkpointer.js';
import { type SqliteStorage, openSqlite } from './openSqlite.js';

const PAGE = 4096;
let dir: string;
let file: string;
let storage: SqliteStorage | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskcast-checkpoint-'));
  file = join(dir, 'taskcast.db');
});
afterEach(async () => {
  await storage?.close();
  storage = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: { checkpointIntervalMs?: number; onCheckpointError?: (err: Error) => void }): Promise<SqliteStorage> {
  storage = openSqlite({ file, ...options });
  await storage.migrate();
  storage.db.exec('CREATE TABLE filler (b BLOB NOT NULL)');
  return storage;
}

/** Commits about `pages` pages of new rows in one transaction. */
function writePages(db: Database.Database, pages: number): void {
  const insert = db.prepare('INSERT INTO filler (b) VALUES (randomblob(3000))');
  db.transaction(() => {
    for (let i = 0; i < pages; i++) insert.run();
  })();
}

function walIndex(): { frames: number; copied: number } {
  const shm = readFileSync(`${file}-shm`);
  const u32 = (offset: number) => (endianness() === 'LE' ? shm.readUInt32LE(offset) : shm.readUInt32BE(offset));
  return { frames: u32(16), copied: u32(96) };
}

const allCopied = () => {
  const { frames, copied } = walIndex();
  return frames > 0 && copied === frames;
};
const autocheckpoint = (db: Database.Database) => db.pragma('wal_autocheckpoint', { simple: true });

describe('SQLite background checkpoints', () => {
  it('start a thread once the WAL has grown, which checkpoints it so the WAL stops growing; close() ends it', async () => {
    const { db } = await open({ checkpointIntervalMs: 10 });
    expect(autocheckpoint(db)).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    writePages(db, Math.ceil(START_AT_WAL_BYTES / PAGE) + 50);
    await expect.poll(runningCheckpointThreads).toBe(1);
    expect(autocheckpoint(db)).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
    // 30 × 200 pages: past SQLite's 1,000 but short of the safety 10,000, so only the thread can have copied them.
    for (let batch = 0; batch < 30; batch++) {
      writePages(db, 200);
      await expect.poll(allCopied).toBe(true);
    }
    // Copied frames are reused from the start of the file: it stays under the 1,000 pages SQLite alone would let it
    // reach, though 6,000 were written (and the safety net, 10,000, was never reached).
    expect(statSync(`${file}-wal`).size).toBeLessThan(SQLITE_AUTOCHECKPOINT_PAGES * PAGE);

    await storage!.close();
    storage = undefined;
    expect(runningCheckpointThreads()).toBe(0);
    // The main connection closed last, so it checkpointed and removed the WAL as without the thread.
    expect(() => statSync(`${file}-wal`)).toThrow(/ENOENT/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(Math.ceil(START_AT_WAL_BYTES / PAGE) + 50 + 6_000);
    check.close();
  });

  it('starts the thread from a store call, even while the event loop never gets to its timer', async () => {
    const { db, tasks } = await open({ checkpointIntervalMs: 60_000 });
    writePages(db, Math.ceil(START_AT_WAL_BYTES / PAGE) + 50);
    // The first store call looks at once (the timer would wait a minute); a claim loop that never yields is like this.
    const looking = tasks.getTask('00000000-0000-7000-8000-000000000000');
    expect(runningCheckpointThreads()).toBe(1);
    expect(autocheckpoint(db)).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
    await looking;
  });

  it('0 starts nothing: commits checkpoint past 1,000 pages, as SQLite does by default', async () => {
    const { db } = await open({ checkpointIntervalMs: 0 });
    expect(autocheckpoint(db)).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    expect(startCheckpointer(db, 0, () => {})).toBeNull();
    for (let batch = 0; batch < 6; batch++) writePages(db, 200);
    // 1,200 pages and more were written; the commit past 1,000 checkpointed and the WAL started over.
    expect(walIndex().frames).toBeLessThan(1_000);
    expect(runningCheckpointThreads()).toBe(0);
  });

  it('leaves an in-memory database alone', async () => {
    const memory = openSqlite({ file: ':memory:' });
    await memory.migrate();
    expect(startCheckpointer(memory.db, 200, () => {})).toBeNull();
    await memory.close();
  });

  it('reports a thread that fails and gives the commits their checkpoints back', async () => {
    const errors: Error[] = [];
    const { db } = await open({ checkpointIntervalMs: 10, onCheckpointError: (err) => errors.push(err) });
    // The thread opens the file by name: removed (this connection keeps its open file), it cannot.
    unlinkSync(file);
    writePages(db, Math.ceil(START_AT_WAL_BYTES / PAGE) + 50);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]!.message).toMatch(
      /checkpoint thread ended \(cannot open .*: unable to open database file\); commits checkpoint the WAL again/,
    );
    expect(runningCheckpointThreads()).toBe(0);
    expect(autocheckpoint(db)).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    writePages(db, 10);
  });

  it('never keeps the process alive, and close() returns to the caller', async () => {
    const module = join(import.meta.dirname, 'openSqlite.ts');
    const threads = join(import.meta.dirname, 'checkpointer.ts');
    const script = (closeIt: boolean) => `
      import { openSqlite } from ${JSON.stringify(module)};
      import { runningCheckpointThreads } from ${JSON.stringify(threads)};
      const storage = openSqlite({ file: ${JSON.stringify(file)}, checkpointIntervalMs: 10 });
      await storage.migrate();
      storage.db.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB NOT NULL)');
      const insert = storage.db.prepare('INSERT INTO filler (b) VALUES (randomblob(3000))');
      storage.db.transaction(() => { for (let i = 0; i < ${Math.ceil(START_AT_WAL_BYTES / PAGE) + 50}; i++) insert.run(); })();
      while (runningCheckpointThreads() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      ${closeIt ? 'await storage.close();' : ''}
      console.log('done', runningCheckpointThreads());`;
    const run = (closeIt: boolean) =>
      new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(closeIt)], { stdio: 'pipe' });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        // A bound, not a delay: a process kept alive by the thread would never exit.
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`still running after 30 s: ${out}`));
        }, 30_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    expect(await run(false)).toEqual({ code: 0, out: 'done 1\n' });
    expect(await run(true)).toEqual({ code: 0, out: 'done 0\n' });
  });
});
