/**
 * The pending and running tasks a user started, live: the all-tasks socket sends a snapshot of every active task
 * the user may see when it connects, then each change; a task leaves the set when it reaches a final state.
 */
import { useEffect, useState } from 'react';
import { isFinalStatus, TaskWebSocket, type Task } from '@/api/tasks';

/** The user's active tasks, newest first. */
export function useRunningTasks(userId: number): Task[] {
  const [tasks, setTasks] = useState<Task[]>([]);
  useEffect(() => {
    const byId = new Map<string, Task>();
    const publish = () => setTasks([...byId.values()].sort((a, b) => (a.task_id < b.task_id ? 1 : -1)));
    const socket = new TaskWebSocket(
      null,
      (task) => {
        if (task.user_id !== userId) return;
        const known = byId.get(task.task_id);
        if (known && known.seq >= task.seq) return;
        if (isFinalStatus(task.status)) {
          if (!byId.delete(task.task_id)) return;
        } else {
          byId.set(task.task_id, task);
        }
        publish();
      },
      undefined,
      {
        // A reconnection sends a new snapshot: tasks that ended meanwhile are not in it.
        onOpen: () => {
          byId.clear();
          publish();
        },
      },
    );
    socket.connect();
    return () => socket.close();
  }, [userId]);
  return tasks;
}
