import type { Logger } from './logger.js';
import { runTask, type RunDeps } from './runTask.js';
import type { TaskTypes } from './taskTypes.js';
import type { TaskRow } from './types.js';
import type { NewTaskWatcher } from './taskStore.js';

/** Node's longest timer, ms (about 24.8 days); a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How soon a delayed task found due already (after the claim that missed it) is claimed, ms. */
const RECHECK_MS = 2;

/** Tasks are claimed ahead only as far as the slots are expected to finish within this time, ms. */
const PREFETCH_HORIZON_MS = 50;

/** Options of the runner. */
export interface RunnerOptions {
  concurrency: number;
  /** Most tasks claimed ahead of free slots (0: never claim ahead). */
  maxPrefetch: number;
  leaseOwner: string;
  leaseMs: number;
  watchNewTasks: NewTaskWatcher;
}

/**
 * Claims pending tasks of the registered types and runs them, at most `concurrency` at a time.
 * A claim is one atomic statement in the store, so several runners (in this or other processes) can
 * share a database without running a task twice. Claims are batched: wake-ups within one turn of the
 * event loop (several tasks finishing, several enqueues) lead to one claim for all the free slots.
 */
export class TaskRunner {
  /** Handlers executing now (what the concurrency limits). */
  private inFlight = 0;
  /** Runs not yet ended in the store (handlers executing, final writes in flight, reserved slots). */
  private unfinished = 0;
  private scheduled = false;
  private claiming = false;
  private again = false;
  /**
   * The last claim found no more pending tasks of our types, and nothing has said otherwise since (a
   * notification of new tasks, an enqueue, a reaped task). Freed slots then need no claim, and a task
   * enqueued here may be started directly (see {@link reserve}).
   */
  private exhausted = false;
  /** Slots promised to tasks being inserted already claimed by this runner. */
  private reserved = 0;
  private stopped = true;
  private unwatch: (() => void) | null = null;
  private readonly idle = new Set<() => void>();
  /** Claimed ahead, waiting for a slot (see {@link prefetchLimit}). */
  private readonly queue: TaskRow[] = [];
  /** Moving average of handler run time, ms; starts pessimistic so nothing is claimed ahead at first. */
  private avgRunMs = 100;
  /** Wakes the runner when the nearest known delayed task becomes due. */
  private dueTimer: NodeJS.Timeout | null = null;
  private dueTimerAt = Infinity;
  /**
   * Delayed tasks may exist that this runner has not heard the time of (at start, after its timer fired, on
   * a notification that carried no time): the next exhausted claim asks the store for the nearest one.
   */
  private checkDue = true;

  constructor(
    private readonly deps: RunDeps,
    private readonly types: TaskTypes,
    private readonly options: RunnerOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts claiming; new tasks from other processes are noticed through the store's watcher. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.checkDue = true;
    this.unwatch = this.options.watchNewTasks((dueAt) => {
      if (dueAt !== undefined) return this.dueAt(dueAt);
      this.checkDue = true;
      this.wake();
    });
    this.wake();
  }

  /**
   * Pending tasks become due at `at` (epoch ms): a claim then. Now or past: a claim soon. Later: the timer is
   * armed for the nearest such time this runner knows (one timer; no polling).
   */
  dueAt(at: number): void {
    if (this.stopped) return;
    const wait = at - Date.now();
    if (wait <= 0) return this.wake();
    if (at >= this.dueTimerAt) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimerAt = at;
    // +1 ms: a timer may fire up to a millisecond before its time. Capped at Node's longest timeout (a longer
    // one fires at once, in a loop): a task further away is looked up again when this one fires.
    this.dueTimer = setTimeout(
      () => {
        this.dueTimer = null;
        this.dueTimerAt = Infinity;
        // Whatever fires the timer, the store is asked again afterwards: later tasks are not known here, and
        // this one may still be ahead by the database's clock.
        this.checkDue = true;
        this.wake();
      },
      Math.min(wait + 1, MAX_TIMER_MS),
    );
    this.dueTimer.unref();
  }

  /** After a claim found nothing more: arms the timer for the nearest delayed task when that is unknown. */
  private async armForDelayed(): Promise<void> {
    if (!this.checkDue) return;
    this.checkDue = false;
    const next = await this.deps.store.nextRunAt(this.types.names());
    // The wait is the database's (claims compare with its clock, whatever this node's says). A task due already
    // became due after the claim's instant, or another runner is claiming it: looked at again shortly, through
    // the timer, which asks the store again.
    if (next) this.dueAt(Date.now() + Math.max(next.inMs, RECHECK_MS));
  }

  /**
   * The runner's task types changed: pending tasks of a new type may be due now or later, and their times are
   * not known here — a claim soon, then the nearest delayed one asked of the store.
   */
  typesChanged(): void {
    this.checkDue = true;
    this.wake();
  }

  /** There may be new pending tasks: asks for a claim soon (coalesced within one event-loop turn). */
  wake(): void {
    this.exhausted = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.scheduled) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.claimLoop();
    });
  }

  /**
   * Promises `n` free slots to tasks about to be inserted already claimed by this runner, so they start
   * without a claim round trip. Only when no pending task of our types is known to wait (they would be
   * overtaken) and no claim is under way. The caller then calls {@link runReserved} or {@link unreserve}.
   */
  reserve(n: number): boolean {
    if (this.stopped || !this.exhausted || this.scheduled || this.claiming || this.queue.length > 0) return false;
    if (this.inFlight + this.reserved + n > this.options.concurrency) return false;
    this.reserved += n;
    // Counted as unfinished, so a stop waits for the insert: its tasks are then run or handed back, never
    // left running with nobody holding them.
    this.unfinished += n;
    return true;
  }

  /** The insert behind a {@link reserve} failed. */
  unreserve(n: number): void {
    this.reserved -= n;
    this.ended(n);
    this.drain();
    if (!this.exhausted) this.schedule();
  }

  /** Starts tasks inserted already claimed after a {@link reserve} (handed back when stopping meanwhile). */
  runReserved(rows: readonly TaskRow[]): void {
    this.reserved -= rows.length;
    if (!this.stopped) {
      this.unfinished -= rows.length; // run() counts them again
      for (const row of rows) this.run(row);
      return;
    }
    void this.deps.store
      .releaseTasks(rows.map((r) => ({ taskId: r.task_id, fence: r.attempt })))
      .then((released) => released.forEach((r) => this.deps.events.publish(r)))
      .catch((err: unknown) => this.logger.error({ err: String(err), tasks: rows.length }, 'could not release claimed tasks'))
      .finally(() => this.ended(rows.length));
  }

  /** `n` runs (or reservations) ended; wakes a stop waiting for the last one. */
  private ended(n: number): void {
    this.unfinished -= n;
    if (this.unfinished === 0) for (const resolve of this.idle) resolve();
  }

  /** Tasks being run now. */
  get running(): number {
    return this.inFlight;
  }

  /**
   * How many tasks to claim beyond the free slots: as many as the slots are expected to finish within
   * {@link PREFETCH_HORIZON_MS}, judging by recent run times. Short tasks (a flood of small jobs) are then
   * claimed in large batches — one round trip for hundreds — while long tasks are never claimed ahead, so
   * a task shown as running really starts within a few milliseconds.
   */
  private prefetchLimit(): number {
    const expected = Math.floor((this.options.concurrency * PREFETCH_HORIZON_MS) / Math.max(this.avgRunMs, 0.01));
    return Math.max(0, Math.min(this.options.maxPrefetch, expected));
  }

  /** Starts queued tasks while slots are free. */
  private drain(): void {
    while (this.inFlight + this.reserved < this.options.concurrency && this.queue.length > 0 && !this.stopped)
      this.run(this.queue.shift()!);
  }

  /** Ids of tasks claimed but not started yet (their leases are renewed like running ones). */
  queuedIds(): string[] {
    return this.queue.map((r) => r.task_id);
  }

  /** Takes a claimed-ahead task out of the queue (it was cancelled before it started). */
  dequeue(taskId: string): TaskRow | null {
    const i = this.queue.findIndex((r) => r.task_id === taskId);
    return i < 0 ? null : this.queue.splice(i, 1)[0]!;
  }

  private async claimLoop(): Promise<void> {
    if (this.claiming || this.stopped) return;
    this.claiming = true;
    try {
      do {
        this.again = false;
        while (!this.stopped) {
          this.drain();
          const room = this.options.concurrency - this.inFlight - this.reserved + this.prefetchLimit() - this.queue.length;
          if (room <= 0) break;
          const rows = await this.deps.store.claimTasks({
            types: this.types.names(),
            limit: room,
            leaseOwner: this.options.leaseOwner,
            leaseMs: this.options.leaseMs,
          });
          if (this.stopped) {
            await this.deps.store.releaseTasks(rows.map((r) => ({ taskId: r.task_id, fence: r.attempt })));
            break;
          }
          this.queue.push(...rows);
          this.drain();
          if (rows.length < room) {
            if (!this.again) this.exhausted = true;
            // Awaited only when there is something to ask: an await here lets a caller's next enqueue run while
            // this loop still counts as claiming, which refused it the direct start (enqueue → start doubled).
            if (this.checkDue) await this.armForDelayed();
            break;
          }
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.error({ err: String(err) }, 'claiming tasks failed');
      this.checkDue = true;
      setTimeout(() => this.wake(), 1000).unref();
    } finally {
      this.claiming = false;
    }
  }

  private run(row: TaskRow): void {
    this.inFlight++;
    this.unfinished++;
    this.deps.events.publish(row);
    const def = this.types.get(row.task_type);
    let timeout: NodeJS.Timeout | undefined;
    if (def.timeoutMs) {
      const timeoutMs = def.timeoutMs;
      timeout = setTimeout(() => {
        const task = this.deps.active.get(row.task_id);
        // A cancel or a hand-back under way is not turned into a timeout.
        if (!task || task.controller.aborted) return;
        task.timedOutAfterMs = timeoutMs;
        task.controller.abort();
      }, timeoutMs);
    }
    // The slot frees as soon as the handler is done, so the next claim overlaps the final write; the
    // completions of a burst then share one batched write.
    // (An inline arrow: one assigned to a name costs a defineProperty per task under tsx, see TaskContext.)
    const startedAt = performance.now();
    const rule = this.types.retryRule(row.task_type);
    void runTask(row, def.handler, this.deps, () => this.handlerDone(startedAt, timeout), rule).finally(() => this.ended(1));
  }

  /** A handler returned or threw: its slot is free. */
  private handlerDone(startedAt: number, timeout: NodeJS.Timeout | undefined): void {
    if (timeout) clearTimeout(timeout);
    this.inFlight--;
    this.avgRunMs = this.avgRunMs * 0.8 + (performance.now() - startedAt) * 0.2;
    this.drain();
    // A freed slot needs a claim only while pending tasks may be waiting.
    if (!this.exhausted) this.schedule();
  }

  /** Stops claiming and waits up to `graceMs` for running tasks to end. Returns how many still run. */
  async stop(graceMs: number): Promise<number> {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = null;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = null;
    this.dueTimerAt = Infinity;
    // Claimed ahead but never started: hand them back, untouched, for any runner to take.
    const queued = this.queue.splice(0);
    if (queued.length > 0) {
      try {
        await this.deps.store.releaseTasks(queued.map((r) => ({ taskId: r.task_id, fence: r.attempt })));
      } catch (err) {
        this.logger.error({ err: String(err), tasks: queued.length }, 'could not release claimed tasks');
      }
    }
    if (this.unfinished > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, graceMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.idle.add(done);
      });
      this.idle.clear();
    }
    return this.unfinished;
  }
}
