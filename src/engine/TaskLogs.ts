import type { Logger } from './logger.js';
import type { NewTaskLogLine, TaskLogLine, TaskLogStore } from './taskLogStore.js';

/** Called with the lines of a task just stored, in seq order. */
export type TaskLogListener = (lines: TaskLogLine[]) => void;

/** Settings of {@link TaskLogs}. */
export interface TaskLogsOptions {
  /** Lines kept per task (the oldest go). */
  keep: number;
  /** How long a line may wait in memory before it is written, ms. */
  flushMs: number;
  /** Most bytes of one line (message and fields serialised); longer ones are cut with a marker. */
  lineBytes: number;
}

/**
 * The handlers' log lines on their way to the store and to the task's subscribers. `ctx.log` only appends to a
 * per-task buffer (a task that never logs costs a lookup at the end of its attempt); a timer writes every
 * buffered task's lines every `flushMs`, one statement per task however many lines it logged, and the end of
 * an attempt writes what is left before the task's final state. Subscribers get the lines as stored, with the
 * seq the store gave them, so a live line and the same line read back later are alike. Lines logged while the
 * store fails are dropped (and said so in the server log): the log is an aid, never the task's outcome.
 */
export class TaskLogs {
  private readonly pending = new Map<string, NewTaskLogLine[]>();
  private readonly writing = new Map<string, Promise<void>>();
  private readonly listeners = new Map<string, Set<TaskLogListener>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: TaskLogStore | undefined,
    private readonly options: TaskLogsOptions,
    private readonly logger: Logger,
  ) {}

  /** Most bytes of one stored line. */
  get lineBytes(): number {
    return this.options.lineBytes;
  }

  /** Buffers a line of a task; written within `flushMs`. */
  append(taskId: string, line: NewTaskLogLine): void {
    if (!this.store) return;
    let lines = this.pending.get(taskId);
    if (!lines) this.pending.set(taskId, (lines = []));
    lines.push(line);
    // A task logging faster than the store takes keeps at most the lines it could keep anyway.
    if (lines.length > this.options.keep) lines.splice(0, lines.length - this.options.keep);
    this.timer ??= setTimeout(() => void this.flushAll(), this.options.flushMs).unref();
  }

  /** Whether a task has lines not yet written (or being written). */
  has(taskId: string): boolean {
    return this.pending.has(taskId) || this.writing.has(taskId);
  }

  /** Writes a task's buffered lines now; resolves once they are stored (or dropped). Never rejects. */
  flush(taskId: string): Promise<void> {
    const previous = this.writing.get(taskId);
    const lines = this.pending.get(taskId);
    if (!lines) return previous ?? Promise.resolve();
    this.pending.delete(taskId);
    // One write at a time per task, so seqs follow the order of the calls.
    const write = (previous ?? Promise.resolve()).then(() => this.write(taskId, lines));
    this.writing.set(taskId, write);
    void write.then(() => {
      if (this.writing.get(taskId) === write) this.writing.delete(taskId);
    });
    return write;
  }

  /** Writes every task's buffered lines (the timer, and the engine's stop). */
  async flushAll(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.pending.keys()].map((id) => this.flush(id)));
  }

  /** Listens to one task's stored lines; returns the function that stops listening. */
  subscribe(taskId: string, listener: TaskLogListener): () => void {
    let set = this.listeners.get(taskId);
    if (!set) this.listeners.set(taskId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(taskId) === set) this.listeners.delete(taskId);
    };
  }

  /** A task's stored lines after `since` (none without a store). */
  list(taskId: string, since: number, limit: number): Promise<TaskLogLine[]> {
    return this.store ? this.store.listTaskLogs(taskId, since, limit) : Promise.resolve([]);
  }

  private async write(taskId: string, lines: NewTaskLogLine[]): Promise<void> {
    let stored: TaskLogLine[];
    try {
      stored = await this.store!.appendTaskLogs(taskId, lines, this.options.keep);
    } catch (err) {
      this.logger.warn({ task_id: taskId, lines: lines.length, err: String(err) }, 'task log lines could not be stored, dropped');
      return;
    }
    const listeners = this.listeners.get(taskId);
    if (!listeners || stored.length === 0) return;
    for (const listener of listeners) {
      try {
        listener(stored);
      } catch {
        // A subscriber's bug must not stop the others.
      }
    }
  }
}
