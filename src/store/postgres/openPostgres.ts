import pg from 'pg';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../migrationFiles.js';
import { MigrationError } from '../errors.js';
import type { Storage } from '../types.js';
import { PostgresTaskStore } from './PostgresTaskStore.js';
import { PostgresTaskLogStore } from './PostgresTaskLogStore.js';
import { PostgresUserStore } from './PostgresUserStore.js';
import { PostgresSyncStore } from './PostgresSyncStore.js';
import { PostgresRequestBuckets } from './PostgresRequestBuckets.js';
import { PostgresLoginAttempts } from './PostgresLoginAttempts.js';
import { PostgresScheduleStore } from './PostgresScheduleStore.js';
import { PostgresNotificationStore } from './PostgresNotificationStore.js';
import { listenOn } from './pgListen.js';
import { pgTypes, SESSION_OPTIONS } from './pgTypes.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 0x7a5c_ca57;

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** postgres://… connection string. */
  url: string;
  /** Schema to use (created if missing); tests use one per file. Default `public`. */
  schema?: string;
  /** Pool size. */
  maxConnections?: number;
  /** Fallback poll for new tasks when a notification was missed, in ms. */
  pollIntervalMs?: number;
  /** `application_name` of every connection, so they can be told apart in pg_stat_activity. Default `taskcast`. */
  applicationName?: string;
  /** Time allowed to open a connection, ms (then the query fails and the API answers 503). Default 5000. */
  connectTimeoutMs?: number;
  /**
   * A session idle inside a transaction this long is ended by PostgreSQL, ms (0: never). A process frozen
   * mid-transaction (stopped, swapped out, a VM paused) would otherwise hold its row locks until it wakes, and
   * the others could neither reap its tasks nor take its rows. Default 30000.
   */
  idleInTransactionMs?: number;
}

/** The PostgreSQL storage; exposes the pool for the backend's other stores (e.g. the 1C sync). */
export interface PostgresStorage extends Storage {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
  readonly schema: string;
}

/** Opens a PostgreSQL pool on one schema. */
export function openPostgres(options: PostgresOptions): PostgresStorage {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new MigrationError(`Invalid schema name "${schema}"`);
  const connection = {
    connectionString: options.url,
    options: `-c search_path=${schema} ${SESSION_OPTIONS} -c idle_in_transaction_session_timeout=${Math.max(0, Math.floor(options.idleInTransactionMs ?? 30_000))}`,
    types: pgTypes,
    application_name: options.applicationName ?? 'taskcast',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  };
  const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener the process dies.
  pool.on('error', () => {});
  // Connections for the claim statement only. It commits asynchronously (synchronous_commit=off): a claim
  // lost in a server crash only returns the task to pending, which leases already allow for, and not waiting
  // for the WAL flush makes the claim round trip several times shorter. Completions and every other write
  // stay synchronous. Sorts and bitmap scans are off so the claim always walks the pending index in claim
  // order and stops at its limit, whatever the (often stale, right after a bulk enqueue) statistics say.
  const claimPool = new pg.Pool({
    ...connection,
    options: `${connection.options} -c synchronous_commit=off -c enable_sort=off -c enable_bitmapscan=off`,
    max: 2,
  });
  claimPool.on('error', () => {});
  const channel = `taskcast_new_tasks_${schema}`;
  const tasks = new PostgresTaskStore(pool, channel, claimPool);
  const users = new PostgresUserStore(pool);
  const logs = new PostgresTaskLogStore(pool);
  const sync = new PostgresSyncStore(pool, tasks);
  const requestBuckets = new PostgresRequestBuckets(pool);
  const loginAttempts = new PostgresLoginAttempts(pool);
  const scheduleChannel = `taskcast_schedules_${schema}`;
  const schedules = new PostgresScheduleStore(pool, channel, scheduleChannel);
  // The channel the triggers of migration 013 notify (taskcast_notifications_ || the table's schema).
  const notificationChannel = `taskcast_notifications_${schema}`;
  const notifications = new PostgresNotificationStore(pool, notificationChannel);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const listeners = new Set<pg.Client>();

  return {
    kind: 'postgres',
    pool,
    schema,
    tasks,
    logs,
    users,
    sync,
    requestBuckets,
    loginAttempts,
    schedules,
    watchNewTasks(onNewTasks) {
      const stop = listenOn(connection, channel, listeners, {
        // An insert's notification carries the run_at (epoch ms) of delayed tasks, '' for tasks due now, '?' (no
        // number: the runner asks the store) for a mix.
        onNotification: (payload) => onNewTasks(payload ? Number(payload) || undefined : 0),
        onListening: () => onNewTasks(), // anything inserted while we were not listening
      });
      // Backstop for a notification lost while reconnecting.
      const timer = setInterval(onNewTasks, pollIntervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        stop();
      };
    },
    watchSchedules(onChange) {
      // A burst of edits (a bulk import, several nodes saving) is one call; no backstop: the scheduler has its own.
      let pending = false;
      const changed = () => {
        if (pending) return;
        pending = true;
        setImmediate(() => {
          pending = false;
          onChange();
        });
      };
      return listenOn(connection, scheduleChannel, listeners, { onNotification: changed, onListening: changed });
    },
    notifications,
    watchNotifications(onChange) {
      // A burst of inserts (a batch of completions) is one call; no backstop: the notifier has its own timers.
      let pending = false;
      const changed = () => {
        if (pending) return;
        pending = true;
        setImmediate(() => {
          pending = false;
          onChange();
        });
      };
      return listenOn(connection, notificationChannel, listeners, { onNotification: changed, onListening: changed });
    },
    async migrate() {
      const c = await pool.connect();
      // Checked out, the client has no listener of the pool's: a dropped connection must not be an unheard 'error'.
      const onError = () => {};
      c.on('error', onError);
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await c.query('BEGIN');
        // Serialises concurrent starts: the second process waits, then finds everything applied.
        await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await c.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
        );
        const applied = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
        const migrations = readMigrations(MIGRATIONS_DIR);
        const newest = Math.max(0, ...applied);
        const known = Math.max(0, ...migrations.map((m) => m.version));
        if (newest > known) throw new MigrationError(`Database schema version ${newest} is newer than this code knows (${known})`);
        for (const m of migrations) {
          if (applied.has(m.version)) continue;
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        }
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.off('error', onError);
        c.release();
      }
    },
    async close() {
      for (const l of listeners) await l.end().catch(() => {});
      listeners.clear();
      await claimPool.end();
      await pool.end();
    },
  };
}
