/**
 * What one pass does with a due schedule (docs/schedules.md): which ticks get a task, what is skipped, queued or
 * missed, and where `next_run_at` moves. Pure: the row comes locked from the store, `now` is the database's clock,
 * and the result is written in the same transaction (ScheduleStore.fire).
 */
import type { NewTask } from '../engine/index.js';
import { nextRun, runsBetween, type Schedule } from './cron.js';
import { missedRuns } from './missedRuns.js';
import type { FireDecision, ScheduleRow } from './port.js';

/** What planFire needs besides the row and the clock. */
export interface FirePlanContext {
  /** The schedule's expression, parsed (callers keep them: a 6-field parse costs milliseconds). */
  schedule: Schedule;
  /**
   * How late the newest due tick may be and still run as on time, ms. Older due ticks, and the newest when later
   * than this, are missed and follow the schedule's `missed` policy.
   */
  graceMs: number;
  /** The task of one tick (throws when it cannot be built: its type is not registered here, a wrong payload). */
  buildTask: (tick: Date) => NewTask;
}

const isActive = (status: ScheduleRow['last_task_status']) => status === 'pending' || status === 'running';

/**
 * The decision for a due schedule:
 * - a tick queued behind the previous task (overlap `queue`) fires once that task is no longer pending or running;
 * - the due ticks (from `next_run_at` to now, the newest `missed_cap` + 1 of them): the newest is on time when at
 *   most `graceMs` late, the others are missed — `skip` none, `once` the newest, `all` the newest `missed_cap`;
 * - while the previous task (or one just created by this pass) is pending or running, the ticks to fire follow
 *   `overlap`: `skip` counts them in `skipped_count`, `queue` keeps the newest as `queued_for`, `allow` fires them;
 * - `next_run_at` becomes the first tick after now (the same on every node: the expression and the database's
 *   clock decide it), and `last_run_at` the newest due tick.
 * A task that cannot be built leaves `last_error` and no task, and the schedule still moves on.
 * `missed` counts the ticks of the pass that made no task (a `schedule_missed` notification, issue 15).
 */
export function planFire(row: ScheduleRow, now: Date, ctx: FirePlanContext): FireDecision {
  const fire: Date[] = [];
  let queued = row.queued_for;
  let running = isActive(row.last_task_status);
  if (queued !== null && !running) {
    fire.push(new Date(queued));
    queued = null;
    running = true;
  }

  let nextRunAt = row.next_run_at;
  let lastRunAt: string | null = null;
  let skipped = 0;
  // Ticks that make no task: passed over by `overlap` (skipped, or an older queued tick replaced), dropped by
  // `missed`, or whose task could not be built (counted below).
  let missed = 0;
  if (nextRunAt !== null && Date.parse(nextRunAt) <= now.getTime()) {
    const due = runsBetween(ctx.schedule, new Date(nextRunAt), now, row.missed_cap + 1);
    const newest = due.at(-1);
    if (newest) {
      const onTime = now.getTime() - newest.getTime() <= ctx.graceMs;
      const late = onTime ? due.slice(0, -1) : due;
      const kept = missedRuns(row.missed, late, row.missed_cap);
      missed += late.length - kept.length;
      const ticks = [...kept, ...(onTime ? [newest] : [])];
      lastRunAt = newest.toISOString();
      if (ticks.length > 0 && running && row.overlap !== 'allow') {
        if (row.overlap === 'queue') {
          missed += ticks.length - 1 + (queued !== null ? 1 : 0);
          queued = ticks.at(-1)!.toISOString();
        } else {
          skipped += ticks.length;
          missed += ticks.length;
        }
      } else {
        fire.push(...ticks);
      }
    }
    nextRunAt = nextRun(ctx.schedule, now)?.toISOString() ?? null;
  }

  const tasks: NewTask[] = [];
  let lastError: string | null = null;
  try {
    for (const tick of fire) tasks.push(ctx.buildTask(tick));
  } catch (err) {
    tasks.length = 0;
    missed += fire.length;
    lastError = err instanceof Error ? err.message : String(err);
  }
  return {
    tasks,
    next_run_at: nextRunAt,
    last_run_at: lastRunAt,
    queued_for: queued,
    last_error: lastError ?? (fire.length > 0 ? null : row.last_error),
    skipped,
    missed,
  };
}
