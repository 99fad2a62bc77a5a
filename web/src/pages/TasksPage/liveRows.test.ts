import { describe, expect, it } from 'vitest';
import type { Task } from '@/api/tasks';
import { belongsOnFirstPage, withLiveChanges } from './liveRows';
import { parseTaskListQuery } from './taskListQuery';

const task = (n: number, seq: number, over: Partial<Task> = {}): Task =>
  ({
    task_id: `0190000${n}-0000-7000-8000-000000000000`,
    task_type: 'sync_bank',
    status: 'pending',
    seq,
    created_at: `2026-12-0${n}T10:00:00.000Z`,
    user_id: 1,
    ...over,
  }) as Task;

describe('withLiveChanges', () => {
  const firstPage = parseTaskListQuery('');

  it('an answer read before the socket showed a newer state keeps the newer state', () => {
    const live = new Map([[task(1, 0).task_id, task(1, 3, { status: 'failed' })]]);
    const rows = withLiveChanges([task(2, 1), task(1, 1)], live, firstPage).rows;
    expect(rows.map((t) => [t.seq, t.status])).toEqual([
      [1, 'pending'],
      [3, 'failed'],
    ]);
  });

  it('a task made after the server read the page is added at the top of page 1, not of page 2', () => {
    const live = new Map([[task(3, 0).task_id, task(3, 2, { status: 'running' })]]);
    expect(withLiveChanges([task(2, 1), task(1, 1)], live, firstPage).rows.map((t) => t.task_id)).toEqual(
      [task(3, 0), task(2, 0), task(1, 0)].map((t) => t.task_id),
    );
    expect(withLiveChanges([task(2, 1)], live, parseTaskListQuery('?page=2')).rows.map((t) => t.task_id)).toEqual([task(2, 0).task_id]);
  });

  it('oldest first, a new task belongs on the last page, not at the top of page 1', () => {
    const live = new Map([[task(3, 0).task_id, task(3, 2, { status: 'running' })]]);
    const oldestFirst = parseTaskListQuery('?order=created_asc');
    expect(belongsOnFirstPage(task(3, 2), oldestFirst)).toBe(false);
    expect(belongsOnFirstPage(task(3, 2), firstPage)).toBe(true);
    expect(withLiveChanges([task(1, 1), task(2, 1)], live, oldestFirst).rows.map((t) => t.task_id)).toEqual(
      [task(1, 0), task(2, 0)].map((t) => t.task_id),
    );
  });

  it('a task the filters leave out is not added; an older pushed state does not replace the answer', () => {
    const other = task(3, 2, { task_type: 'sync_contractors' });
    const stale = task(1, 1, { status: 'pending' });
    const rows = withLiveChanges(
      [task(1, 4, { status: 'completed' })],
      new Map([
        [other.task_id, other],
        [stale.task_id, stale],
      ]),
      parseTaskListQuery('?type=sync_bank'),
    ).rows;
    expect(rows.map((t) => [t.task_id, t.status])).toEqual([[task(1, 0).task_id, 'completed']]);
  });

  it('a task added to a full page counts one more in the total though it pushes the last row out', () => {
    const live = new Map([[task(3, 0).task_id, task(3, 1)]]);
    const full = { ...firstPage, size: 2 };
    const { rows, added } = withLiveChanges([task(2, 1), task(1, 1)], live, full);
    expect(rows.map((t) => t.task_id)).toEqual([task(3, 0), task(2, 0)].map((t) => t.task_id));
    expect(added).toBe(1);
    expect(withLiveChanges([task(3, 1), task(2, 1)], live, full).added).toBe(0);
  });
});
