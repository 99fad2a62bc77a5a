import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's own wal_autocheckpoint, in pages: a commit that takes the WAL past it checkpoints inside the commit.
 * With synchronous=NORMAL that checkpoint is the only part of a commit that waits for the disk (its fsyncs); about
 * one claim of ten tasks in sixty paid ~20 ms for it (docs/benchmarks.md, "Claim at 1,000,000 pending tasks").
 */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * wal_autocheckpoint while the background thread runs: a bound, so the WAL cannot grow without one (about 40 MB of
 * 4 KiB pages). SQLite starts the WAL over only when a transaction begins with every frame copied; the thread copies
 * what was committed before its pass began, so under writes with no pause at all (a claim loop back to back) it never
 * quite catches up and a commit checkpoints here instead: in bench/claim at 1,000,000 tasks, one claim of ten in
 * about 340 took 30–60 ms, where without the thread one in 60 took 12–22 ms. With pauses between writes, the thread
 * catches up in them and the WAL starts over without any commit checkpointing.
 */
export const SAFETY_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The thread starts once the WAL file has reached this size (it never shrinks: SQLite reuses it from the start),
 * well before SQLite's own checkpoint at 1,000 pages (4 MB). A thread takes tens of ms to start and a few MB, which a
 * database that is opened, barely written and closed (a CLI command, most tests) is spared.
 */
export const START_AT_WAL_BYTES = 1024 * 1024;

/** How long stop() waits for the thread to close its connection (a checkpoint under way finishes first), ms. */
const STOP_GRACE_MS = 10_000;

/** A background checkpointer: watching the WAL's size, then running its thread. */
export interface Checkpointer {
  /**
   * Looks whether the WAL has grown enough to start the thread: at once the first time, then at most once per
   * interval (a clock reading otherwise). Called on every store call (lookOnCalls), so the thread starts even while
   * a busy caller keeps the event loop from running the timer that also calls it.
   */
  look(): void;
  /** Ends the thread, if started, and waits for it; the caller closes its own connection after. Safe to call twice. */
  stop(): Promise<void>;
}

let running = 0;

/** Background checkpoint threads alive in this process (for tests: close() must end them). */
export function runningCheckpointThreads(): number {
  return running;
}

/**
 * Moves the WAL checkpoints of `db` out of its commits. Looks at the size of the WAL file at most every `intervalMs`
 * (Checkpointer.look: on store calls and on a timer); once it reaches START_AT_WAL_BYTES, starts a worker thread
 * (checkpointWorker.mjs) that checkpoints the file on its own connection every `intervalMs`, and raises the
 * connection's wal_autocheckpoint to SAFETY_AUTOCHECKPOINT_PAGES. Returns null, changing nothing, for an in-memory
 * or temporary database or one not in WAL mode.
 *
 * The thread never keeps the process alive (unref) and never takes it down: a failed checkpoint or a thread that
 * ends is reported to `onError`, and once the thread is gone before stop() the connection gets SQLite's own
 * wal_autocheckpoint back, so commits checkpoint again as they did without it. Other processes sharing the file
 * are not affected: a PASSIVE checkpoint waits for no writer and no reader.
 */
export function startCheckpointer(db: Database.Database, intervalMs: number, onError: (err: Error) => void): Checkpointer | null {
  if (!(intervalMs > 0) || db.memory || db.name === '') return null;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  const interval = Math.max(1, Math.floor(intervalMs));
  const wal = `${db.name}-wal`;
  let thread: CheckpointThread | null = null;
  let stopped = false;
  let nextLook = 0;
  const look = () => {
    if (thread || stopped) return;
    const now = performance.now();
    if (now < nextLook) return;
    nextLook = now + interval;
    if (walBytes(wal) < START_AT_WAL_BYTES || !db.open) return;
    clearInterval(watch);
    try {
      thread = startThread(db, interval, onError);
    } catch (err) {
      // Runs from a timer and from store calls: a thread that cannot start is reported, never thrown (the commits
      // keep checkpointing, as without it).
      stopped = true;
      onError(new Error(`SQLite background checkpoint thread did not start: ${(err as Error).message}`));
    }
  };
  // For the WAL grown by other processes, or by this one between store calls.
  const watch = setInterval(look, interval);
  watch.unref();
  return {
    look,
    async stop() {
      stopped = true;
      clearInterval(watch);
      await thread?.stop();
    },
  };
}

/**
 * Makes every async method of a store (found on its prototype; retryWhenBusy may have wrapped it already) call
 * `look` first. Returns the store.
 */
export function lookOnCalls<T extends object>(store: T, look: () => void): T {
  const methods = store as unknown as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(store) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const declared = prototype[name];
    if (name === 'constructor' || typeof declared !== 'function' || declared.constructor.name !== 'AsyncFunction') continue;
    const method = methods[name] as (...args: unknown[]) => Promise<unknown>;
    methods[name] = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      look();
      return method.apply(store, args);
    };
  }
  return store;
}

function walBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The worker's file, as a path: built with `dirname(fileURLToPath(…))`, not `new URL(…, import.meta.url)`, because
 * under the web tests' jsdom environment `URL` is jsdom's, which Worker refuses (see readSqlBeside).
 */
const WORKER_FILE = join(dirname(fileURLToPath(import.meta.url)), 'checkpointWorker.mjs');

interface CheckpointThread {
  stop(): Promise<void>;
}

function startThread(db: Database.Database, intervalMs: number, onError: (err: Error) => void): CheckpointThread {
  const worker = new Worker(WORKER_FILE, {
    workerData: { file: db.name, intervalMs },
    // Plain JavaScript: without the parent's flags, e.g. tsx's loader, which would add ~100 ms to its start.
    execArgv: [],
    // Its connection needs little; the defaults (a heap sized like the main thread's) would reserve more.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  running++;
  db.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
  let stopping = false;
  let failure: Error | undefined;
  worker.on('message', (message: { type?: string; message?: string }) => {
    if (message?.type === 'error') onError(new Error(`SQLite background checkpoint failed: ${message.message}`));
  });
  worker.on('error', (err: unknown) => {
    failure = err instanceof Error ? err : new Error(JSON.stringify(err));
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      running--;
      if (!stopping) {
        // Gone on its own: the commits checkpoint again, as without it.
        if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        const why = failure?.message ?? `exit code ${code}`;
        onError(new Error(`SQLite background checkpoint thread ended (${why}); commits checkpoint the WAL again`));
      }
      resolve();
    });
  });
  // After the listeners: the unref covers the worker's message port as well.
  worker.unref();
  return {
    async stop() {
      if (!stopping) {
        stopping = true;
        // Ref'd while it winds down: an unref'd thread would let the process exit in the middle of the caller's
        // `await close()`, before whatever the caller does next.
        worker.ref();
        worker.postMessage('stop');
      }
      const ac = new AbortController();
      const late = sleep(STOP_GRACE_MS, 'late', { signal: ac.signal, ref: false }).catch(() => 'aborted');
      const outcome = await Promise.race([exited.then(() => 'exited'), late]);
      ac.abort();
      // Terminating is safe even mid-checkpoint: the running SQLite call completes, and a checkpoint is crash-safe.
      if (outcome === 'late') await worker.terminate();
      await exited;
    },
  };
}
