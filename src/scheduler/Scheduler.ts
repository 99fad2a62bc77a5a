/**
 * The scheduler service of one node (issue 12, docs/schedules.md). Every node runs one; there is no leader:
 * - one timer per node for the nearest `next_run_at`, re-armed after each pass, when a schedule changes anywhere
 *   (the store's watcher), when a task of a schedule ends (a tick queued behind it), and at least every backstop;
 * - a pass takes the schedules due by the database's clock and fires each in its own transaction
 *   (ScheduleStore.fire: locked, decided by planFire, tasks inserted and the schedule advanced together), so two
 *   nodes never fire one tick twice and a node whose clock is off only wakes early (finding nothing) or late
 *   (finding the tick fired);
 * - the tasks created are announced on this node like its own enqueues (subscribers, the runner).
 */
import { isFinalStatus, type Logger, type TaskEngine } from '../engine/index.js';
import { parseSchedule, payloadAt, planFire, scheduledTaskKey, scheduledTaskMetadata, type Schedule } from '../schedules/index.js';
import type { FireDecision, ScheduleRow, ScheduleStore, ScheduleWatcher } from '../schedules/index.js';
import { PASS_BATCH, type SchedulerSettings } from './defaults.js';
import { checkPayloadOf } from './payloadCheck.js';

/** After a pass that failed (the database unreachable), the next one waits at least this long, ms. */
const RETRY_AFTER_ERROR_MS = 1_000;
/** The shortest timer: a schedule still due after a pass is being fired by another node right now, ms. */
const MIN_TIMER_MS = 25;
/** Parsed expressions kept (by expression and zone); beyond it the cache starts over. */
const PARSED_CACHE_SIZE = 10_000;

/** What a scheduler works with. */
export interface SchedulerDeps {
  store: ScheduleStore;
  watch: ScheduleWatcher;
  engine: TaskEngine;
  logger: Logger;
  settings: Pick<SchedulerSettings, 'graceMs' | 'backstopMs'>;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;
  private again = false;
  private running = false;
  private unwatch: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly parsed = new Map<string, Schedule>();
  /** Passes made (for tests and the idle-cost benchmark). */
  passes = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Starts watching and makes the first pass at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unwatch = this.deps.watch(() => this.poke());
    // A tick queued behind a schedule's task (overlap `queue`) fires when that task ends, on any node.
    this.unsubscribe = this.deps.engine.subscribeAll((task) => {
      if (isFinalStatus(task.status) && typeof task.metadata.schedule_id === 'string') this.poke();
    });
    this.poke();
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    this.unwatch?.();
    this.unsubscribe?.();
    this.unwatch = this.unsubscribe = null;
    await this.passing;
  }

  /** Looks at the schedules now (coalesced with a pass under way): something changed. */
  poke(): void {
    if (!this.running) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.passing = this.pass()
      .catch((err: unknown) => {
        this.deps.logger.warn({ err: String(err) }, 'schedule pass failed; trying again shortly');
        this.arm(RETRY_AFTER_ERROR_MS);
      })
      .finally(() => {
        this.passing = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async pass(): Promise<void> {
    this.passes++;
    let failed = false;
    for (;;) {
      const ids = await this.deps.store.dueSchedules(PASS_BATCH);
      for (const id of ids) {
        if (!this.running) return;
        try {
          await this.fire(id);
        } catch (err) {
          failed = true;
          this.deps.logger.warn({ schedule_id: id, err: String(err) }, 'firing a schedule failed; it stays due');
        }
      }
      // A batch that failed whole would come back as it was: leave it to the next pass.
      if (ids.length < PASS_BATCH || failed) break;
    }
    if (!this.running) return;
    const next = await this.deps.store.nextDue();
    const wait = next === null ? this.deps.settings.backstopMs : Math.min(Math.max(next.inMs, MIN_TIMER_MS), this.deps.settings.backstopMs);
    this.arm(failed ? Math.max(wait, RETRY_AFTER_ERROR_MS) : wait);
  }

  private async fire(id: string): Promise<void> {
    const result = await this.deps.store.fire(id, ({ row, now }) => this.decide(row, now));
    if (!result) return;
    const { schedule, created } = result;
    if (created.length > 0) {
      this.deps.engine.announceCreated(created);
      this.deps.logger.info(
        { schedule_id: schedule.id, task_type: schedule.task_type, task_ids: created.map((t) => t.task_id) },
        'schedule fired',
      );
    }
    if (schedule.last_error && created.length === 0) {
      this.deps.logger.warn({ schedule_id: schedule.id, error: schedule.last_error }, 'schedule tick created no task');
    }
  }

  /** planFire for a locked row; an expression that no longer parses stops the schedule (next_run_at null) with the reason. */
  private decide(row: ScheduleRow, now: Date): FireDecision {
    let schedule: Schedule;
    try {
      schedule = this.parse(row);
    } catch (err) {
      return {
        tasks: [],
        next_run_at: null,
        last_run_at: null,
        queued_for: null,
        last_error: (err as Error).message,
        skipped: 0,
        missed: 0,
      };
    }
    const decision = planFire(row, now, {
      schedule,
      graceMs: this.deps.settings.graceMs,
      buildTask: (tick) => {
        const payload = payloadAt(row.payload, tick, row.timezone);
        checkPayloadOf(this.deps.engine, row.task_type, payload);
        return this.deps.engine.prepareTask(row.task_type, {
          payload,
          metadata: scheduledTaskMetadata(row.id, tick),
          idempotency_key: scheduledTaskKey(row.id, tick),
          user_id: row.created_by,
        });
      },
    });
    if (decision.skipped > 0) {
      this.deps.logger.info({ schedule_id: row.id, skipped: decision.skipped }, 'schedule tick skipped: its previous task still runs');
    }
    return decision;
  }

  /** The parsed expression of a row (stored ones were validated; no period floor here, the API applied it). */
  private parse(row: ScheduleRow): Schedule {
    const key = `${row.cron}|${row.timezone}`;
    let schedule = this.parsed.get(key);
    if (!schedule) {
      if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.clear();
      schedule = parseSchedule({ cron: row.cron, timezone: row.timezone }, { minPeriodMs: 0 });
      this.parsed.set(key, schedule);
    }
    return schedule;
  }

  private arm(ms: number): void {
    if (!this.running) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.poke();
    }, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
