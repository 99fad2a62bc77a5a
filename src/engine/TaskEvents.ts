import { type Task, type TaskRow, publicTask } from './types.js';

/** Called with each published change of a task. */
export type TaskListener = (task: Task) => void;

/** Tasks whose last delivered seq is remembered: between this many and twice as many, the newest. */
const REMEMBERED = 50_000;

/**
 * In-process fan-out of task changes. Each change carries its `seq`; a change not newer than one already
 * delivered for the same task is dropped, so every listener sees a task's changes in order, whichever way
 * they arrive (this process's writes, or other nodes' through the bus). A listener that throws is isolated.
 */
export class TaskEvents {
  private readonly byTask = new Map<string, Set<TaskListener>>();
  private readonly all = new Set<TaskListener>();
  /**
   * Last delivered seq per task, in two generations: when the current one is full it becomes the previous
   * one and the one before is dropped whole. (A single map trimmed one oldest key at a time made every
   * trim skip the deleted entries at its head: a few µs per change in a flood of short tasks.)
   */
  private lastSeq = new Map<string, number>();
  private previousSeq = new Map<string, number>();

  /** Called with every change this process made (the engine forwards them to the bus). */
  onLocalChange: ((task: Task) => void) | null = null;

  /** Delivers a change written by this process; returns it as clients see it. */
  publish(row: TaskRow | Task): Task {
    const task = publicTask(row as TaskRow);
    if (!this.accept(row)) return task;
    this.onLocalChange?.(task);
    this.deliver(task);
    return task;
  }

  /** Delivers a change announced by another node. */
  publishRemote(task: Task): void {
    if (this.accept(task)) this.deliver(task);
  }

  private accept(t: Task): boolean {
    const last = this.lastSeq.get(t.task_id) ?? this.previousSeq.get(t.task_id);
    if (last !== undefined && t.seq <= last) return false;
    this.lastSeq.set(t.task_id, t.seq);
    if (this.lastSeq.size >= REMEMBERED) {
      this.previousSeq = this.lastSeq;
      this.lastSeq = new Map();
    }
    return true;
  }

  private deliver(task: Task): void {
    const listeners = this.byTask.get(task.task_id);
    if (listeners) for (const l of listeners) safeCall(l, task);
    for (const l of this.all) safeCall(l, task);
  }

  /** Listens to one task; returns the function that stops listening. */
  subscribe(taskId: string, listener: TaskListener): () => void {
    let set = this.byTask.get(taskId);
    if (!set) this.byTask.set(taskId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.byTask.get(taskId) === set) this.byTask.delete(taskId);
    };
  }

  /** The tasks someone listens to one by one. */
  followedTaskIds(): string[] {
    return [...this.byTask.keys()];
  }

  /** Listens to every task; returns the function that stops listening. */
  subscribeAll(listener: TaskListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  /** Number of listeners (for tests that check nothing leaks). */
  listenerCount(): number {
    let n = this.all.size;
    for (const s of this.byTask.values()) n += s.size;
    return n;
  }
}

function safeCall(listener: TaskListener, task: Task): void {
  try {
    listener(task);
  } catch {
    // A subscriber's bug must not break delivery to the others or the task itself.
  }
}
