/**
 * One open database: the stores it implements, each the port of the module that owns it (the engine's
 * TaskStore, auth's UserStore, the 1C sync's SyncStore) plus the shared 1C request buckets, and its
 * lifecycle. Nothing outside src/store imports a database driver.
 */
import type { LoginAttemptStore, UserStore } from '../auth/index.js';
import type { NewTaskWatcher, TaskLogStore, TaskStore } from '../engine/index.js';
import type { NotificationStore, NotificationWatcher } from '../notifications/port.js';
import type { ScheduleStore, ScheduleWatcher } from '../schedules/port.js';
import type { SyncStore } from '../sync/port.js';
import type { RequestBucketStore } from './requestBucketTypes.js';

/** One open database: every store of it, and its lifecycle. */
export interface Storage {
  /** 'sqlite' or 'postgres'. */
  readonly kind: 'sqlite' | 'postgres';
  readonly tasks: TaskStore;
  /** The tasks' log lines (ctx.log), deleted with their task. */
  readonly logs: TaskLogStore;
  readonly users: UserStore;
  /** The data the 1C sync brings in, and its classification. */
  readonly sync: SyncStore;
  /** The shared pace of requests to each 1C base (ONEC_MAX_RPS). */
  readonly requestBuckets: RequestBucketStore;
  /** Failed log-ins per user name and client address (issue 13), shared by every node. */
  readonly loginAttempts: LoginAttemptStore;
  /** Calls back (coalesced) when another process may have inserted tasks. */
  watchNewTasks: NewTaskWatcher;
  /** The schedules (issue 12): cron ticks that create tasks, exactly once per tick on any number of nodes. */
  readonly schedules: ScheduleStore;
  /** Calls back (coalesced, best effort) when another process may have added, edited or removed a schedule. */
  watchSchedules: ScheduleWatcher;
  /** Notifications (issue 15): rules, watches, the outbox, deliveries and the bell. */
  readonly notifications: NotificationStore;
  /** Calls back (coalesced, best effort) when another process (or a trigger) may have inserted events or deliveries. */
  watchNotifications: NotificationWatcher;
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
