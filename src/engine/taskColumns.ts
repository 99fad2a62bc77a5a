import type { NewTask } from './taskStore.js';
import type { TaskRow } from './types.js';

/** A task as stored: every field of {@link TaskRow} but `progress`, which is computed from the counters on read. */
export type StoredTask = Omit<TaskRow, 'progress'>;

/** How a column is kept: each backend maps a kind to the value its driver returns. */
export type ColumnKind = 'text' | 'int' | 'time' | 'json' | 'bool';

/**
 * The columns of the tasks table and how each is kept: the one list a new field is added to (after the wire's
 * Task or the engine's TaskRow). Each backend's raw row type is derived from it ({@link RawTaskOf}), so the
 * compiler then points at every place that must follow: the row mappings (`toTaskRow`, `publicTask`, object
 * literals of the full type) and the insert parameters.
 */
export const TASK_COLUMNS = {
  task_id: 'text',
  task_type: 'text',
  status: 'text',
  total: 'int',
  processed: 'int',
  message: 'text',
  created_at: 'time',
  started_at: 'time',
  completed_at: 'time',
  result: 'json',
  error: 'text',
  payload: 'json',
  metadata: 'json',
  checkpoint: 'json',
  user_id: 'int',
  cancel_requested: 'bool',
  attempt: 'int',
  max_attempts: 'int',
  priority: 'int',
  seq: 'int',
  lease_owner: 'text',
  lease_expires_at: 'time',
  run_at: 'time',
  backoff: 'json',
  attempt_log: 'json',
} as const satisfies { [K in keyof StoredTask]-?: ColumnKind };

/** Marks a kind a driver returns already as the engine's value (e.g. node-postgres parses jsonb). */
export type AsStored = 'as stored';

/**
 * A tasks row as a backend's driver returns it: text and int columns as the engine keeps them, every other
 * kind as `Raw[kind]` (or as the engine's value where that is {@link AsStored}), nullable where the field is.
 */
export type RawTaskOf<Raw extends Record<'time' | 'json' | 'bool', unknown>> = {
  [K in keyof StoredTask]: (typeof TASK_COLUMNS)[K] extends 'text' | 'int'
    ? StoredTask[K]
    : Raw[Exclude<(typeof TASK_COLUMNS)[K], 'text' | 'int'>] extends AsStored
      ? StoredTask[K]
      : Raw[Exclude<(typeof TASK_COLUMNS)[K], 'text' | 'int'>] | (null extends StoredTask[K] ? null : never);
};

/** Columns written at insert from {@link NewTask} and never read back into a TaskRow (the store's own guards use them). */
export const INSERT_ONLY_COLUMNS = ['timeout_ms', 'singleton_key', 'idempotency_key'] as const satisfies readonly Exclude<
  keyof NewTask,
  keyof StoredTask
>[];

/**
 * Columns a store keeps for itself, from what the engine gives it, and never returns in a TaskRow: `claim_key`,
 * the claim order (`run_at − lead_ms`, see NewTask.lead_ms).
 */
export const STORE_ONLY_COLUMNS = ['claim_key'] as const;
