/**
 * Speed and time left of a running task, estimated from the progress updates seen in the last
 * {@link WINDOW_MS} (client clock only, so a skewed server clock does not matter).
 */
import { useEffect, useRef, useState } from 'react';
import type { Task } from '../../api/tasks';

/** Samples older than this are forgotten, so the speed follows the current pace. */
export const WINDOW_MS = 15_000;

/** The estimate; null fields are not known yet. */
export interface Rate {
  /** Items per second. */
  perSecond: number | null;
  /** Milliseconds until done at the current speed. */
  remainingMs: number | null;
}

interface Sample {
  at: number;
  processed: number;
}

/** Estimates from a list of samples (oldest first); exported for tests. */
export function estimateRate(samples: readonly Sample[], processed: number, total: number | null): Rate {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < 500 || last.processed <= first.processed) return { perSecond: null, remainingMs: null };
  const perSecond = ((last.processed - first.processed) * 1000) / (last.at - first.at);
  const remainingMs = total === null ? null : (Math.max(0, total - processed) / perSecond) * 1000;
  return { perSecond, remainingMs };
}

/** The speed and time left of `task` while it runs; nulls otherwise. */
export function useRate(task: Task | null): Rate {
  const samples = useRef<Sample[]>([]);
  const taskId = useRef<string | null>(null);
  const [rate, setRate] = useState<Rate>({ perSecond: null, remainingMs: null });

  useEffect(() => {
    if (!task || task.status !== 'running') {
      samples.current = [];
      setRate({ perSecond: null, remainingMs: null });
      return;
    }
    if (taskId.current !== task.task_id) {
      taskId.current = task.task_id;
      samples.current = [];
    }
    const now = performance.now();
    const list = samples.current;
    const last = list[list.length - 1];
    if (!last || last.processed !== task.processed) list.push({ at: now, processed: task.processed });
    while (list.length > 2 && now - list[0]!.at > WINDOW_MS) list.shift();
    setRate(estimateRate(list, task.processed, task.total));
  }, [task]);

  return rate;
}
