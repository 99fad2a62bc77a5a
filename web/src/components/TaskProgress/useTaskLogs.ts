/**
 * The log lines of one task (`ctx.log`): read with `GET /api/v1/tasks/{id}/logs?since=` when the task is opened and
 * on each `refresh()` (the socket reconnected, the task ended, a poll brought a new state), and appended as the
 * socket brings them. Lines are kept once each, in `seq` order, the newest {@link SHOWN_LINES}.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getTaskLogs, type TaskLogLine } from '../../api/tasks';

/** Lines kept on screen (the server keeps 1000 per task by default). */
export const SHOWN_LINES = 1000;
/** Lines asked for per read (the endpoint's largest page). */
const PAGE = 1000;

/** What {@link useTaskLogs} gives. */
export interface TaskLogs {
  lines: readonly TaskLogLine[];
  /** Adds lines that came over the socket. */
  add: (items: readonly TaskLogLine[]) => void;
  /** Reads the lines stored since the last one shown. */
  refresh: () => void;
}

/** Log lines of the task `taskId` (null: none). */
export function useTaskLogs(taskId: string | null): TaskLogs {
  const [state, setState] = useState<{ taskId: string | null; lines: TaskLogLine[] }>({ taskId, lines: [] });
  const lastSeq = useRef(0);
  const reading = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const current = useRef(taskId);

  const add = useCallback(
    (items: readonly TaskLogLine[]) => {
      const fresh = items.filter((l) => l.seq > lastSeq.current);
      if (fresh.length === 0) return;
      lastSeq.current = fresh.at(-1)!.seq;
      setState((s) => (s.taskId === taskId ? { taskId, lines: [...s.lines, ...fresh].slice(-SHOWN_LINES) } : s));
    },
    [taskId],
  );

  const refresh = useCallback(() => {
    if (!taskId) return;
    // One read at a time; a refresh asked for meanwhile reads once more after it.
    if (reading.current) {
      again.current = true;
      return;
    }
    const read = async () => {
      do {
        again.current = false;
        for (;;) {
          const { items } = await getTaskLogs(taskId, lastSeq.current, PAGE);
          if (current.current !== taskId) return;
          add(items);
          if (items.length < PAGE) break;
        }
      } while (again.current);
    };
    reading.current = read()
      .catch(() => {
        // The log is an aid: a failed read leaves what is shown; the next refresh tries again.
      })
      .finally(() => {
        reading.current = null;
      });
  }, [taskId, add]);

  useEffect(() => {
    current.current = taskId;
    lastSeq.current = 0;
    again.current = false;
    setState({ taskId, lines: [] });
    refresh();
  }, [taskId, refresh]);

  return { lines: state.taskId === taskId ? state.lines : [], add, refresh };
}
