import { isFinalStatus, publicTask, type Task, type TaskRow } from './types.js';

/** Called with each published change of a task. */
export type TaskListener = (task: Task) => void;

/**
 * In-process fan-out of task changes. Each published row carries its `seq`; a change older than one
 * already delivered for the same task is dropped, so every listener sees a task's changes in order.
 * A listener that throws is isolated: the others still get the change.
 */
export class TaskEvents {
  private readonly byTask = new Map<string, Set<TaskListener>>();
  private readonly all = new Set<TaskListener>();
  private readonly lastSeq = new Map<string, number>();

  /** Delivers a change to the task's listeners and to the all-tasks listeners. */
  publish(row: TaskRow): void {
    const last = this.lastSeq.get(row.task_id);
    if (last !== undefined && row.seq <= last) return;
    if (isFinalStatus(row.status)) this.lastSeq.delete(row.task_id);
    else this.lastSeq.set(row.task_id, row.seq);
    const listeners = this.byTask.get(row.task_id);
    if (!listeners && this.all.size === 0) return;
    const task = publicTask(row);
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
