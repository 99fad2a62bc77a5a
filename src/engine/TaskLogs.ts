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
  /** Told of each batch this node stored (seqs `from`..`to`): the engine announces it on the bus. */
  onStored?: (taskId: string, from: number, to: number) => void;
}

/** A subscriber and the newest seq it was given (0: none yet). */
interface Follower {
  listener: TaskLogListener;
  last: number;
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
  private readonly listeners = new Map<string, Set<Follower>>();
  /** Per task, the read of lines another node stored that is under way (one at a time, in order). */
  private readonly remoteReads = new Map<string, Promise<void>>();
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
    const follower: Follower = { listener, last: 0 };
    set.add(follower);
    return () => {
      set.delete(follower);
      if (set.size === 0 && this.listeners.get(taskId) === set) this.listeners.delete(taskId);
    };
  }

  /**
   * Another node stored lines `from`..`to` of a task (the bus's hint): when this node has subscribers to it, the
   * lines each has not had yet — from `from`, or after the newest it was given — are read from the store and
   * given to them, as if stored here. Reads of one task go one after another; a failed read is logged and
   * dropped (the client reads the lines with GET …/logs?since= on reconnect or at the task's end).
   */
  remoteStored(taskId: string, from: number, to: number): Promise<void> {
    if (!this.store || !this.listeners.has(taskId)) return Promise.resolve();
    const read = (this.remoteReads.get(taskId) ?? Promise.resolve()).then(() => this.readRemote(taskId, from, to));
    this.remoteReads.set(taskId, read);
    void read.then(() => {
      if (this.remoteReads.get(taskId) === read) this.remoteReads.delete(taskId);
    });
    return read;
  }

  private async readRemote(taskId: string, from: number, to: number): Promise<void> {
    const followers = this.listeners.get(taskId);
    if (!followers) return;
    // From the oldest line a subscriber still lacks; one that has none yet starts at the hint's first line.
    let since = Infinity;
    for (const f of followers) since = Math.min(since, f.last > 0 ? f.last : from - 1);
    if (since >= to) return;
    let lines: TaskLogLine[];
    try {
      lines = await this.store!.listTaskLogs(taskId, since, Math.min(to - since, this.options.keep));
    } catch (err) {
      this.logger.warn({ task_id: taskId, err: String(err) }, 'task log lines stored by another node could not be read');
      return;
    }
    this.deliver(taskId, lines);
  }

  /** Gives each subscriber of the task the lines newer than the newest it was given. */
  private deliver(taskId: string, lines: readonly TaskLogLine[]): void {
    const followers = this.listeners.get(taskId);
    if (!followers || lines.length === 0) return;
    for (const f of followers) {
      const fresh = lines[0]!.seq > f.last ? lines : lines.filter((l) => l.seq > f.last);
      if (fresh.length === 0) continue;
      f.last = fresh[fresh.length - 1]!.seq;
      try {
        f.listener(fresh as TaskLogLine[]);
      } catch {
        // A subscriber's bug must not stop the others.
      }
    }
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
    if (stored.length === 0) return;
    this.options.onStored?.(taskId, stored[0]!.seq, stored[stored.length - 1]!.seq);
    this.deliver(taskId, stored);
  }
}
