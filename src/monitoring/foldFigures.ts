import type { FigureRow, QueueCount, TaskMinute } from './port.js';

/** An empty minute of a type. */
function emptyMinute(minute: number, task_type: string): TaskMinute {
  return {
    minute,
    task_type,
    completed: 0,
    failed: 0,
    cancelled: 0,
    retried: 0,
    wait_count: 0,
    wait_sum_ms: 0,
    run_count: 0,
    run_sum_ms: 0,
    wait_buckets: {},
    run_buckets: {},
    pending: null,
    running: null,
  };
}

/**
 * The task_minutes rows of the database's figure groups (computeTaskFigures), ordered by minute and type; the
 * queue counts, when given, go on the minute `sampledMinute` (a row for every type with tasks waiting or running).
 */
export function foldFigures(figures: readonly FigureRow[], queue?: { sampledMinute: number; counts: readonly QueueCount[] }): TaskMinute[] {
  const rows = new Map<string, TaskMinute>();
  const at = (minute: number, type: string): TaskMinute => {
    const key = `${minute}\u0000${type}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyMinute(minute, type)));
    return row;
  };
  for (const f of figures) {
    const row = at(f.minute, f.task_type);
    if (f.kind === 'wait' || f.kind === 'run') {
      const key = String(f.bucket ?? 0);
      row[`${f.kind}_count`] += f.n;
      row[`${f.kind}_sum_ms`] += Math.round(f.sum_ms);
      row[`${f.kind}_buckets`][key] = (row[`${f.kind}_buckets`][key] ?? 0) + f.n;
    } else {
      row[f.kind] += f.n;
    }
  }
  if (queue) {
    for (const c of queue.counts) at(queue.sampledMinute, c.task_type);
    for (const row of rows.values()) {
      if (row.minute !== queue.sampledMinute) continue;
      const c = queue.counts.find((q) => q.task_type === row.task_type);
      row.pending = Number(c?.pending ?? 0);
      row.running = Number(c?.running ?? 0);
    }
  }
  return [...rows.values()].sort((a, b) => a.minute - b.minute || (a.task_type < b.task_type ? -1 : a.task_type > b.task_type ? 1 : 0));
}
