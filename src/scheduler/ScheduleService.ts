/**
 * What the schedule routes do, apart from HTTP: validation of a schedule (expression, zone, task type, payload),
 * its first `next_run_at` by the database's clock, edits with a version check, "run now" and the preview.
 */
import { ConflictError, ValidationError } from '../api/index.js';
import { InvalidTaskInputError, TaskAlreadyActiveError, type Json, type Task, type TaskEngine, uuidv7 } from '../engine/index.js';
import {
  describe,
  formatWithOffset,
  nextRun,
  nextRuns,
  parseSchedule,
  payloadAt,
  ScheduleInputError,
  scheduledTaskMetadata,
  type Schedule,
} from '../schedules/index.js';
import type { ScheduleFields, ScheduleRow, SchedulePatch, ScheduleStore } from '../schedules/index.js';
import type { SchedulePreview } from '../wire/index.js';
import type { SchedulerSettings } from './defaults.js';
import { ScheduleNotFoundError } from './errors.js';
import { checkPayloadOf } from './payloadCheck.js';

/** How many runs the preview shows. */
export const PREVIEW_RUNS = 5;
/** An edit that keeps meeting other edits gives up after this many tries (409). */
const EDIT_TRIES = 5;

export class ScheduleService {
  constructor(
    private readonly store: ScheduleStore,
    private readonly engine: TaskEngine,
    private readonly settings: Pick<SchedulerSettings, 'minPeriodMs'>,
    /** Called after every change, so this node's scheduler looks again (other nodes hear the store's notification). */
    private readonly changed: () => void,
  ) {}

  list(): Promise<ScheduleRow[]> {
    return this.store.listSchedules();
  }

  async get(id: string): Promise<ScheduleRow> {
    const row = await this.store.getSchedule(id);
    if (!row) throw new ScheduleNotFoundError(id);
    return row;
  }

  async create(fields: ScheduleFields, createdBy: number | null): Promise<ScheduleRow> {
    const schedule = this.parse(fields.cron, fields.timezone);
    this.checkTask(fields.task_type, fields.payload, schedule.timezone);
    const next = fields.enabled ? await this.firstRun(schedule) : null;
    const row = await this.store.insertSchedule({
      ...fields,
      id: uuidv7(),
      cron: schedule.cron,
      timezone: schedule.timezone,
      next_run_at: next,
      created_by: createdBy,
    });
    this.changed();
    return row;
  }

  /**
   * Applies an edit to the schedule as it is now (read, checked, written only if nobody edited it meanwhile; tried
   * again otherwise). `allowed` may refuse the stored row or the result (a manager and a task type not theirs). A new
   * expression, zone or enabling starts again from the next tick after now; disabling clears `next_run_at`.
   */
  async update(id: string, patch: Partial<ScheduleFields>, allowed: (row: Pick<ScheduleRow, 'task_type'>) => void): Promise<ScheduleRow> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.get(id);
      allowed(row);
      const merged = { ...row, ...patch };
      allowed(merged);
      const write: SchedulePatch = { ...patch };
      const schedule = this.parse(merged.cron, merged.timezone);
      write.cron = schedule.cron;
      write.timezone = schedule.timezone;
      if (patch.task_type !== undefined || patch.payload !== undefined || patch.timezone !== undefined) {
        this.checkTask(merged.task_type, merged.payload, schedule.timezone);
      }
      const timing = schedule.cron !== row.cron || schedule.timezone !== row.timezone || merged.enabled !== row.enabled;
      if (timing) write.next_run_at = merged.enabled ? await this.firstRun(schedule) : null;
      if (!merged.enabled) write.queued_for = null;
      const saved = await this.store.updateSchedule(id, row.version, write);
      if (saved) {
        this.changed();
        return saved;
      }
      if (attempt >= EDIT_TRIES) throw new ConflictError('The schedule is being edited by someone else; try again');
    }
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteSchedule(id))) throw new ScheduleNotFoundError(id);
    this.changed();
  }

  /** A task of the schedule now, outside its ticks (its relative period resolved at this moment). */
  async runNow(row: ScheduleRow, userId: number): Promise<Task> {
    const now = await this.store.now();
    const payload = payloadAt(row.payload, now, row.timezone);
    let task: Task;
    try {
      task = await this.engine.enqueue(row.task_type, {
        payload,
        metadata: { ...scheduledTaskMetadata(row.id, now), manual: true },
        user_id: userId,
      });
    } catch (err) {
      if (err instanceof TaskAlreadyActiveError) {
        throw new ConflictError('A task of this kind is already pending or running', { task_id: err.activeTaskId });
      }
      throw err;
    }
    await this.store.recordManualRun(row.id, task.task_id);
    return task;
  }

  /** The next runs of an expression with their offsets, and its description. */
  async preview(cron: string, timezone: string): Promise<SchedulePreview> {
    const schedule = this.parse(cron, timezone, 'query');
    const now = await this.store.now();
    return {
      runs: nextRuns(schedule, now, PREVIEW_RUNS).map((d) => formatWithOffset(d, schedule.timezone)),
      description: describe(schedule.cron),
    };
  }

  private parse(cron: string, timezone: string, where: 'body' | 'query' = 'body'): Schedule {
    try {
      return parseSchedule({ cron, timezone }, { minPeriodMs: this.settings.minPeriodMs });
    } catch (err) {
      if (err instanceof ScheduleInputError) throw new ValidationError(`${where}.${err.message}`);
      throw err;
    }
  }

  /** The type must be registered; its payload must pass the type's check (a relative period as at a tick now). */
  private checkTask(taskType: string, payload: Json, timezone: string): void {
    if (!this.engine.types.has(taskType)) throw new ValidationError(`body.task_type: unknown task type "${taskType}"`);
    try {
      checkPayloadOf(this.engine, taskType, payloadAt(payload, new Date(), timezone));
    } catch (err) {
      if (err instanceof InvalidTaskInputError || err instanceof RangeError) {
        const detail = err.message.replace(/^payload: /, '');
        throw new ValidationError(/^[\w.]+: /.test(detail) ? `body.payload.${detail}` : `body.payload: ${detail}`);
      }
      throw err;
    }
  }

  private async firstRun(schedule: Schedule): Promise<string | null> {
    return nextRun(schedule, await this.store.now())?.toISOString() ?? null;
  }
}
