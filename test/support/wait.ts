import type { Task, TaskEngine } from '../../src/engine/index.js';
import { isFinalStatus } from '../../src/engine/index.js';

/** Resolves with the first change of the task that satisfies `predicate` (checking the stored state first). */
export function waitForTask(engine: TaskEngine, taskId: string, predicate: (t: Task) => boolean, timeoutMs = 10_000): Promise<Task> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      // What the store holds then, so a timeout tells where the task stopped (stuck pending, running, …).
      const stored = (t: Task | null) =>
        t ? `status ${t.status}, attempt ${t.attempt}, run_at ${t.run_at}, started_at ${t.started_at}` : 'not found';
      void engine.getTask(taskId).then(
        (t) => reject(new Error(`timed out waiting for task ${taskId} (stored: ${stored(t)})`)),
        (err: unknown) => reject(new Error(`timed out waiting for task ${taskId} (its read failed: ${String(err)})`)),
      );
    }, timeoutMs);
    const unsubscribe = engine.subscribe(taskId, (t) => {
      if (predicate(t)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(t);
      }
    });
    void engine.getTask(taskId).then((t) => {
      if (t && predicate(t)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(t);
      }
    });
  });
}

/** Resolves with the task once it reached a final status. */
export function waitForFinal(engine: TaskEngine, taskId: string, timeoutMs?: number): Promise<Task> {
  return waitForTask(engine, taskId, (t) => isFinalStatus(t.status), timeoutMs);
}

/** A promise with its resolve function exposed (a gate a test opens). */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}
