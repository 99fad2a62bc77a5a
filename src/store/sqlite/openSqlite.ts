import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../migrationFiles.js';
import { MigrationError } from '../errors.js';
import type { Storage } from '../types.js';
import { SqliteTaskStore } from './SqliteTaskStore.js';
import { SqliteUserStore } from './SqliteUserStore.js';
import { SqliteSyncStore } from './SqliteSyncStore.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Options of {@link openSqlite}. */
export interface SqliteOptions {
  /** Path of the database file (its directory is created). */
  file: string;
  /** How often to look for tasks inserted by other processes, in ms. */
  pollIntervalMs?: number;
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
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const tasks = new SqliteTaskStore(db);
  const users = new SqliteUserStore(db);
  const sync = new SqliteSyncStore(db, tasks);
  const pollIntervalMs = options.pollIntervalMs ?? 2;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  return {
    kind: 'sqlite',
    db,
    tasks,
    users,
    sync,
    // PRAGMA data_version changes when another connection commits; reading it costs microseconds and
    // touches no pages, so a short poll gives cross-process wake-ups without a notification channel.
    watchNewTasks(onNewTasks) {
      let last = dataVersion.get() as number;
      const timer = setInterval(() => {
        const v = dataVersion.get() as number;
        if (v !== last) {
          last = v;
          onNewTasks();
        }
      }, pollIntervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    async migrate() {
      migrateSqlite(db);
      tasks.prepare();
      users.prepare();
      sync.prepare();
    },
    async close() {
      db.close();
    },
  };
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
