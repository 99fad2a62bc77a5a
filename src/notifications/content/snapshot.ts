/** Builders of a notification's content from what the notifier reads (a task row, a claimed digest). */
import type { Json, Task } from '../../engine/index.js';
import type { DigestContent, DigestContentItem, EventContent, EventContentKind, ScheduleSnapshot, TaskSnapshot } from './types.js';

/** The fields of a task a snapshot keeps: the engine's task row (its `payload` too) or anything with them. */
export type SnapshotSource = Pick<
  Task,
  | 'task_id'
  | 'task_type'
  | 'status'
  | 'result'
  | 'error'
  | 'created_at'
  | 'started_at'
  | 'completed_at'
  | 'processed'
  | 'total'
  | 'message'
  | 'attempt'
  | 'max_attempts'
> & { payload: Json };

/** A JSON-safe copy of the fields a message needs (nothing else of the row: no lease, no checkpoint). */
export function taskSnapshot(task: SnapshotSource): TaskSnapshot {
  return {
    task_id: task.task_id,
    task_type: task.task_type,
    status: task.status,
    payload: task.payload ?? null,
    result: task.result ?? null,
    error: task.error,
    created_at: task.created_at,
    started_at: task.started_at,
    completed_at: task.completed_at,
    processed: task.processed,
    total: task.total,
    message: task.message,
    attempt: task.attempt,
    max_attempts: task.max_attempts,
  };
}

/** The content of a task's event (`completed`, `failed`, `cancelled`, or `stuck` with its threshold). */
export function taskEventContent(
  kind: Exclude<EventContentKind, 'schedule_missed'>,
  task: SnapshotSource,
  stuckMinutes: number | null = null,
): EventContent {
  return { kind, task: taskSnapshot(task), schedule: null, stuck_minutes: kind === 'stuck' ? stuckMinutes : null };
}

/** The content of a schedule's missed ticks. */
export function scheduleMissedContent(schedule: ScheduleSnapshot): EventContent {
  return { kind: 'schedule_missed', task: null, schedule: { ...schedule }, stuck_minutes: null };
}

/** What a claimed digest holds (the port's ClaimedDelivery `digest`), in the shape the digest needs. */
export interface DigestSource {
  total: number;
  by_type: Record<string, number>;
  items: readonly { task_id: string | null; task_type: string | null; error: string | null }[];
  window_start: string;
  window_end: string;
}

/** The content of a digest of rule `ruleName` on `event` (a task type of null counts under `''`). */
export function digestContent(ruleName: string, event: string, digest: DigestSource): DigestContent {
  const items: DigestContentItem[] = digest.items.map((i) => ({ task_id: i.task_id, task_type: i.task_type, error: i.error }));
  return {
    kind: 'digest',
    rule_name: ruleName,
    event,
    total: digest.total,
    by_type: { ...digest.by_type },
    items,
    window_start: digest.window_start,
    window_end: digest.window_end,
  };
}
