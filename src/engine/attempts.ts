import { ABANDONED_ERROR } from './LeaseKeeper.js';
import type { StoredAttempt, TaskAttempt, TaskRow } from './types.js';

/** A stored time (ISO string or epoch ms) as ISO 8601 UTC. */
function iso(value: string | number | null): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

/**
 * Every attempt of a task, oldest first: the ended ones kept in `attempt_log`, then the last one, read from
 * the row itself (running now, or how the task finished) — the completion path writes no log entry.
 */
export function attemptsOf(row: TaskRow): TaskAttempt[] {
  const out: TaskAttempt[] = (row.attempt_log ?? []).map((a: StoredAttempt) => ({
    attempt: a.attempt,
    started_at: iso(a.started_at),
    finished_at: iso(a.finished_at),
    outcome: a.outcome,
    error: a.error,
    node: a.node,
  }));
  if (row.attempt > 0 && row.status !== 'pending' && !out.some((a) => a.attempt === row.attempt)) {
    const running = row.status === 'running';
    out.push({
      attempt: row.attempt,
      started_at: row.started_at,
      finished_at: running ? null : row.completed_at,
      outcome: running ? 'running' : row.status === 'failed' && row.error === ABANDONED_ERROR ? 'lost' : row.status,
      error: running ? null : row.error,
      node: row.lease_owner,
    });
  }
  return out;
}
