/**
 * The attempts of the task TaskProgress shows (GET /api/v1/tasks/{id}; the socket's updates carry none). The
 * tracking's own HTTP reads bring them; one more read is made only when the task's attempt or status changed
 * since and it may have a history worth showing — it ran more than once, or it waits for its next attempt — so
 * a task that runs once costs no request more than before.
 */
import { useEffect, useState } from 'react';
import { getTask, type Task, type TaskAttempt, type TaskDetails } from '../../api/tasks';

/** Which state a read describes, as far as the attempts go. */
const keyOf = (t: Pick<Task, 'task_id' | 'attempt' | 'status'>): string => `${t.task_id}:${t.attempt}:${t.status}`;

/** Whether the task may have attempts before the current one. */
const mayHaveHistory = (t: Task): boolean => t.attempt >= 2 || (t.attempt >= 1 && t.status === 'pending');

/**
 * Whether the history is worth a table: more than one attempt, or a task waiting for another one. A task that ran
 * once says all of it in its status and error.
 */
export function showsHistory(task: Task, attempts: readonly TaskAttempt[]): boolean {
  return attempts.length > 1 || (attempts.length === 1 && task.status === 'pending');
}

/** The newest of two reads of the same task. */
function newest(a: TaskDetails | null, b: TaskDetails | null): TaskDetails | null {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/** The attempts of `task` (`details`: the tracking's last HTTP read); [] while none are known. */
export function useTaskAttempts(task: Task | null, details: TaskDetails | null): TaskAttempt[] {
  const [fetched, setFetched] = useState<TaskDetails | null>(null);
  const id = task?.task_id ?? null;
  const known = newest(details?.task_id === id ? details : null, fetched?.task_id === id ? fetched : null);
  const key = task ? keyOf(task) : null;
  const needed = task !== null && mayHaveHistory(task) && (!known || keyOf(known) !== key);
  useEffect(() => {
    if (!needed || !id) return;
    let stale = false;
    // A failed read leaves the history as it was: the panel shows the task's own error already.
    getTask(id).then(
      (d) => {
        if (!stale) setFetched(d);
      },
      () => {},
    );
    return () => {
      stale = true;
    };
  }, [id, key, needed]);
  return known?.attempts ?? [];
}
