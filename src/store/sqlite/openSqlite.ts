import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../migrationFiles.js';
import { MigrationError } from '../errors.js';
import type { Storage } from '../types.js';
import { SqliteTaskStore } from './SqliteTaskStore.js';
import { SqliteTaskLogStore } from './SqliteTaskLogStore.js';
import { SqliteUserStore } from './SqliteUserStore.js';
import { SqliteSyncStore } from './SqliteSyncStore.js';
import { retryWhenBusy, whenNotBusy } from './retryWhenBusy.js';
import { SqliteRequestBuckets } from './SqliteRequestBuckets.js';
import { SqliteLoginAttempts } from './SqliteLoginAttempts.js';
import { SqliteScheduleStore } from './SqliteScheduleStore.js';
import { SqliteNotificationStore } from './SqliteNotificationStore.js';
import { lookOnCalls, startCheckpointer } from './checkpointer.js';
import { watchDataVersion } from './watchDataVersion.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Options of {@link openSqlite}. */
export interface SqliteOptions {
  /** Path of the database file (its directory is created). */
  file: string;
  /** How often to look for tasks inserted by other processes, in ms. */
  pollIntervalMs?: number;
  /** How often to look for schedules changed by other processes, in ms. Default 1000 (it only re-arms the scheduler's timer). */
  schedulePollIntervalMs?: number;
  /**
   * How often to look for notification events inserted by any connection (another process's, or this one's
   * trigger), ms. Default 1000 (the notifier has its own timers for due deliveries).
   */
  notificationPollIntervalMs?: number;
  /**
   * How long one statement may block the event loop waiting for another connection's lock (SQLite's
   * busy_timeout), ms. Default 50.
   */
  busyTimeoutMs?: number;
  /** How long a store call keeps retrying, asynchronously, while the database is locked, ms. Default 5000. */
  lockWaitMs?: number;
  /**
   * Interval of the background WAL checkpoint, ms. Default 200. Once the WAL file reaches 1 MiB, a worker thread
   * with its own connection runs `PRAGMA wal_checkpoint(PASSIVE)` this often, so commits do not checkpoint
   * themselves (one commit in dozens otherwise waits ~20 ms for the disk); this connection's wal_autocheckpoint then
   * goes up to 10,000 pages, a bound reached only under writes without pauses (or if the thread falls behind). The
   * thread does not keep the process alive; close() ends it. 0: no thread, commits checkpoint past 1,000 pages
   * (SQLite's default). No thread for an in-memory database either. See checkpointer.ts.
   */
  checkpointIntervalMs?: number;
  /**
   * Told when a background checkpoint fails (once per streak of the same error) or its thread ends on its own
   * (commits then checkpoint again). Default: ignored, as nothing is lost, only the commits' latency.
   */
  onCheckpointError?: (err: Error) => void;
}

/** The SQLite storage; exposes the connection for the backend's other stores (e.g. the 1C sync). */
export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
}

/**
 * Opens (creating if needed) a SQLite database in WAL mode. WAL lets readers run beside the single
 * writer and lets several processes share the file; synchronous=NORMAL keeps commits durable across a
 * process crash (not across power loss before a checkpoint), which is SQLite's recommended WAL setting.
 */
export function openSqlite(options: SqliteOptions): SqliteStorage {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Short: better-sqlite3 waits for a lock on the event loop itself. Longer waits happen between tries,
  // asynchronously (retryWhenBusy), so requests keep being served while another process holds the lock.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 50))}`);
  db.pragma('foreign_keys = ON');
  const checkpointer = startCheckpointer(db, options.checkpointIntervalMs ?? 200, options.onCheckpointError ?? (() => {}));
  const lockWaitMs = options.lockWaitMs ?? 5000;
  const tasks = retryWhenBusy(new SqliteTaskStore(db), lockWaitMs);
  const users = retryWhenBusy(new SqliteUserStore(db), lockWaitMs);
  const logs = retryWhenBusy(new SqliteTaskLogStore(db), lockWaitMs);
  const sync = retryWhenBusy(new SqliteSyncStore(db, tasks), lockWaitMs);
  const schedules = retryWhenBusy(new SqliteScheduleStore(db), lockWaitMs);
  const notificationStore = new SqliteNotificationStore(db);
  const notifications = retryWhenBusy(notificationStore, lockWaitMs);
  // Not retried while locked: a take that meets another process's lock fails after busy_timeout and the caller
  // paces itself alone for a while (TokenBucketGate), instead of blocking the event loop again for every request.
  const requestBuckets = new SqliteRequestBuckets(db);
  // Retried while locked: a log-in waits for another process's write rather than failing.
  const loginAttempts = retryWhenBusy(new SqliteLoginAttempts(db), lockWaitMs);
  // The store calls are what grows the WAL, so they also look whether the checkpoint thread should start.
  if (checkpointer)
    for (const store of [tasks, logs, users, sync, schedules, loginAttempts, notifications]) lookOnCalls(store, checkpointer.look);
  const pollIntervalMs = options.pollIntervalMs ?? 2;
  const schedulePollIntervalMs = options.schedulePollIntervalMs ?? 1000;
  const notificationPollIntervalMs = options.notificationPollIntervalMs ?? 1000;

  return {
    kind: 'sqlite',
    db,
    tasks,
    logs,
    users,
    sync,
    requestBuckets,
    loginAttempts,
    schedules,
    // Another connection's commit (watchDataVersion): a short poll, as runners wait on it for new tasks.
    watchNewTasks: (onNewTasks) => watchDataVersion(db, pollIntervalMs, () => onNewTasks()),
    // The same look, slower: the scheduler only re-arms its timer (passes read the rows under their lock).
    watchSchedules: (onChange) => watchDataVersion(db, schedulePollIntervalMs, onChange),
    notifications,
    // Not data_version: the trigger inserts events on this very connection too, which data_version does not see.
    watchNotifications: (onChange) => watchLastEventId(notificationStore, notificationPollIntervalMs, onChange),
    async migrate() {
      // Another process starting at the same moment holds the lock while it migrates: wait for it.
      await whenNotBusy(() => migrateSqlite(db), Math.max(lockWaitMs, 30_000));
      tasks.prepare();
      logs.prepare();
      users.prepare();
      sync.prepare();
      requestBuckets.prepare();
      loginAttempts.prepare();
      schedules.prepare();
      notificationStore.prepare();
    },
    async close() {
      // The thread first: the last connection to close checkpoints the WAL and removes it, as without the thread.
      await checkpointer?.stop();
      db.close();
    },
  };
}

/**
 * Calls `onChange` when the newest notification event's id moved since the last look (a primary-key probe every
 * `intervalMs`); returns the stop. A look that meets a lock is skipped (the next one sees the change).
 */
function watchLastEventId(store: SqliteNotificationStore, intervalMs: number, onChange: () => void): () => void {
  let last: number | null = null;
  const look = () => {
    try {
      const id = store.lastEventId();
      if (last !== null && id !== last) onChange();
      last = id;
    } catch {
      // Busy, or closed under us: the next look tries again.
    }
  };
  look();
  const timer = setInterval(look, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Applies pending migrations inside BEGIN IMMEDIATE, which also serialises two processes starting at once. */
function migrateSqlite(db: Database.Database): void {
  const migrations = readMigrations(MIGRATIONS_DIR);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const apply = db.transaction(() => {
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) throw new MigrationError(`Database schema version ${newest} is newer than this code knows (${known})`);
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }
  });
  apply.immediate();
}
