import type { Logger } from './logger.js';
import { runTask, type RunDeps } from './runTask.js';
import type { TaskTypes } from './taskTypes.js';
import type { TaskRow } from './types.js';
import type { NewTaskWatcher } from '../store/types.js';

/** Options of the runner. */
export interface RunnerOptions {
  concurrency: number;
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
  /** Runs not yet ended in the store (handlers executing plus final writes in flight). */
  private unfinished = 0;
  private scheduled = false;
  private claiming = false;
  private again = false;
  private stopped = true;
  private unwatch: (() => void) | null = null;
  private readonly idle = new Set<() => void>();

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
    this.unwatch = this.options.watchNewTasks(() => this.wake());
    this.wake();
  }

  /** Asks for a claim soon (coalesced within one event-loop turn). */
  wake(): void {
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

  /** Tasks being run now. */
  get running(): number {
    return this.inFlight;
  }

  private async claimLoop(): Promise<void> {
    if (this.claiming || this.stopped) return;
    this.claiming = true;
    try {
      do {
        this.again = false;
        while (!this.stopped) {
          const free = this.options.concurrency - this.inFlight;
          if (free <= 0) break;
          const rows = await this.deps.store.claimTasks({
            types: this.types.names(),
            limit: free,
            leaseOwner: this.options.leaseOwner,
            leaseMs: this.options.leaseMs,
          });
          for (const row of rows) this.run(row);
          if (rows.length < free) break;
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.error({ err: String(err) }, 'claiming tasks failed');
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
        if (!task) return;
        task.timedOutAfterMs = timeoutMs;
        task.controller.abort();
      }, timeoutMs);
    }
    // The slot frees as soon as the handler is done, so the next claim overlaps the final write; the
    // completions of a burst then share one batched write.
    const handlerDone = () => {
      if (timeout) clearTimeout(timeout);
      this.inFlight--;
      this.wake();
    };
    void runTask(row, def.handler, this.deps, handlerDone).finally(() => {
      this.unfinished--;
      if (this.unfinished === 0) for (const resolve of this.idle) resolve();
    });
  }

  /** Stops claiming and waits up to `graceMs` for running tasks to end. Returns how many still run. */
  async stop(graceMs: number): Promise<number> {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = null;
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
