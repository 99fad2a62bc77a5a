import { LazyAbort } from './LazyAbort.js';
import type { Logger } from './logger.js';
import type { TaskEvents } from './TaskEvents.js';
import type { Json, TaskRow } from './types.js';
import type { FinishUpdate, TaskStore } from './taskStore.js';

/** A task running in this process: its cancel switch, its latest counters and its write queue. */
export interface ActiveTask {
  readonly taskId: string;
  /** The attempt number; every write is fenced with it. */
  readonly fence: number;
  readonly controller: LazyAbort;
  /** The newest row of this task this process wrote or read (completions build on it). */
  row: TaskRow;
  processed: number;
  /** Latest values not yet written; `undefined` = unchanged. */
  total: number | null | undefined;
  message: string | null | undefined;
  dirty: boolean;
  /** When its counters were last taken for a write (performance.now()); -Infinity before the first. */
  writtenAt: number;
  /** A write of the counters at once (the leading edge) is queued for the end of this turn's I/O. */
  leading: boolean;
  /** When the last leading-edge write took the counters (performance.now()); the timer waits an interval after it. */
  leadingAt: number;
  /** The turn (ActiveTasks' count) in which progress() last found the task not quiet: not asked again in that turn. */
  quietCheckedTurn: number;
  /** Writes of this task run one after another, so they reach the store and subscribers in order. */
  chain: Promise<unknown>;
  finished: boolean;
  /** Set when the run was aborted for exceeding its type's timeout (it then ends failed, not cancelled). */
  timedOutAfterMs?: number;
  /** Set when the run was aborted because this process is shutting down (the task goes back to pending). */
  handBack?: boolean;
  /** When this process started holding it (performance.now()), for the run time it reports to the TaskObserver. */
  readonly startedMs: number;
}

/**
 * The tasks this process holds, and the progress coalescing. `progress()` only records the newest
 * counters (a few field writes, no allocation, no I/O), so handlers may call it as often as they like;
 * a timer writes each changed task once per interval. The first change after a quiet interval is written at
 * the end of the turn instead (a leading edge): a task that reports now and then shows each report at once, not
 * up to an interval later. Two progress writes of a task are still an interval apart at least (the timer skips a
 * task the leading edge wrote less than an interval ago). A task's final write carries its newest counters, so
 * what is stored at the end is always exact.
 */
export class ActiveTasks {
  private readonly tasks = new Map<string, ActiveTask>();
  private timer: NodeJS.Timeout | null = null;
  /** Event-loop turns, counted only while progress() needs them (see countTurn). */
  private turn = 0;
  private turnCounting = false;

  constructor(
    private readonly store: TaskStore,
    private readonly events: TaskEvents,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Starts holding a task that just moved to running (with the row the store returned). */
  track(row: TaskRow): ActiveTask {
    const task: ActiveTask = {
      taskId: row.task_id,
      fence: row.attempt,
      controller: new LazyAbort(),
      row,
      processed: row.processed,
      total: undefined,
      message: undefined,
      dirty: false,
      writtenAt: -Infinity,
      leading: false,
      leadingAt: -Infinity,
      quietCheckedTurn: -1,
      chain: Promise.resolve(),
      finished: false,
      startedMs: performance.now(),
    };
    this.tasks.set(row.task_id, task);
    if (!this.timer) {
      this.timer = setInterval(() => this.flushAll(), this.intervalMs);
      this.timer.unref();
    }
    return task;
  }

  /** The held task with this id, if any. */
  get(taskId: string): ActiveTask | undefined {
    return this.tasks.get(taskId);
  }

  /** Ids of every held task (for lease renewal). */
  ids(): string[] {
    return [...this.tasks.keys()];
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Records new counters: written after this turn if the task wrote none for an interval, else by the timer. */
  progress(task: ActiveTask, processed: number, message?: string | null, total?: number | null): void {
    task.processed = processed;
    if (message !== undefined) task.message = message;
    if (total !== undefined) task.total = total;
    task.dirty = true;
    // The clock is read at most once per task and event-loop turn, so a tight loop of calls stays at a few ns a call.
    // A later call in the same turn could write no sooner: a leading write runs after the turn, and a turn that
    // lasts long enough to make the task quiet leaves the interval timer due right after it as well.
    if (task.leading || task.quietCheckedTurn === this.turn) return;
    if (performance.now() - task.writtenAt < this.intervalMs) {
      task.quietCheckedTurn = this.turn;
      this.countTurn();
      return;
    }
    task.leading = true;
    // After this turn's I/O, not in a microtask: a handler that reports and returns in the same turn ends with its
    // final write alone (which carries the counters), as before.
    setImmediate(() => {
      task.leading = false;
      const write = this.flush(task);
      if (!write) return;
      task.leadingAt = task.writtenAt;
      write.catch((err: unknown) => this.refusedProgress(task, err));
    });
  }

  /** Moves {@link turn} on after this turn's I/O (one setImmediate per turn that needs it, not per call). */
  private countTurn(): void {
    if (this.turnCounting) return;
    this.turnCounting = true;
    setImmediate(() => {
      this.turn++;
      this.turnCounting = false;
    });
  }

  /** Runs a write after the task's earlier writes; publishes the row it returns. */
  write(task: ActiveTask, op: () => Promise<TaskRow>): Promise<TaskRow> {
    const result = task.chain.then(op).then((row) => {
      if (row.seq > task.row.seq) task.row = row;
      this.events.publish(row);
      return row;
    });
    task.chain = result.catch(() => {});
    return result;
  }

  /** Writes the task's pending counters now (e.g. before a checkpoint or on shutdown). */
  flush(task: ActiveTask): Promise<TaskRow> | null {
    if (!task.dirty || task.finished) return null;
    const update = this.takeCounters(task);
    return this.write(task, () => this.store.setProgress(task.taskId, update, task.fence));
  }

  private flushAll(): void {
    const now = performance.now();
    for (const task of this.tasks.values()) {
      // Written by the leading edge less than an interval ago: the next tick writes what came since.
      if (now - task.leadingAt < this.intervalMs) continue;
      this.flush(task)?.catch((err: unknown) => this.refusedProgress(task, err));
    }
  }

  /** A progress write was refused: the task finished or lost its lease meanwhile; its final write says what happened. */
  private refusedProgress(task: ActiveTask, err: unknown): void {
    this.logger.debug(
      { task_id: task.taskId, attempt: task.row.attempt, node: task.row.lease_owner, err: String(err) },
      'progress write refused',
    );
  }

  private takeCounters(task: ActiveTask): FinishUpdate & { processed: number } {
    const update: FinishUpdate & { processed: number } = { processed: task.processed };
    if (task.total !== undefined) update.total = task.total;
    if (task.message !== undefined) update.message = task.message;
    task.dirty = false;
    task.writtenAt = performance.now();
    return update;
  }

  /**
   * Ends the task with one write that also carries its newest counters, then stops holding it.
   * `end` receives those counters and performs the final transition.
   */
  finish(task: ActiveTask, end: (counters: FinishUpdate) => Promise<TaskRow>): Promise<TaskRow> {
    task.finished = true;
    return this.write(task, () => end(this.takeCounters(task))).finally(() => this.release(task));
  }

  /** Stops holding a task without writing (its lease was lost or it ended elsewhere). */
  release(task: ActiveTask): void {
    task.finished = true;
    if (this.tasks.get(task.taskId) === task) this.tasks.delete(task.taskId);
    if (this.tasks.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Checkpoint: counters and a resume cursor in one write, after pending writes. */
  checkpoint(task: ActiveTask, checkpoint: Json): Promise<TaskRow> {
    return this.write(task, () => this.store.saveCheckpoint(task.taskId, this.takeCounters(task), checkpoint, task.fence));
  }
}
