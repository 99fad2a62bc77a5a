/** Task store conformance: listing with filters and paging, and the clean-up of finished tasks. */
import { expect, it } from 'vitest';
import { type StoreTaskListQuery, type Task } from '../../../src/engine/index.js';
import { newTaskFixture } from './newTaskFixture.js';
import type { TaskSuite } from './taskSuite.js';

/** Resolves once the clock has passed `iso` by at least a millisecond (stored times are whole ms). */
async function waitUntilAfter(iso: string): Promise<void> {
  const at = Date.parse(iso);
  await expect.poll(() => Date.now() > at + 1, { interval: 2 }).toBe(true);
}

/** Registers the lists and clean-up tests. */
export function taskListTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('lists newest first with filters, paging and the total of the whole selection', async () => {
    const engine = newEngine();
    const made: Task[] = [];
    for (let i = 0; i < 25; i++) {
      made.push(await engine.createTask({ task_type: i % 2 ? 'odd' : 'even', user_id: i % 3 === 0 ? 1 : 2 }));
    }
    await engine.cancelTask(made[24]!.task_id);
    const all = await engine.listTasks({ limit: 10, offset: 0 });
    expect(all.total).toBe(25);
    expect(all.tasks.map((t) => t.task_id)).toEqual(
      made
        .slice(15)
        .reverse()
        .map((t) => t.task_id),
    );
    const page3 = await engine.listTasks({ limit: 10, offset: 20 });
    expect(page3.tasks.map((t) => t.task_id)).toEqual(
      made
        .slice(0, 5)
        .reverse()
        .map((t) => t.task_id),
    );
    expect((await engine.listTasks({ limit: 100, offset: 0, taskType: 'odd' })).total).toBe(12);
    expect((await engine.listTasks({ limit: 100, offset: 0, status: 'cancelled' })).tasks.map((t) => t.task_id)).toEqual([
      made[24]!.task_id,
    ]);
    const owner1 = await engine.listTasks({ limit: 100, offset: 0, ownerId: 1 });
    expect(owner1.total).toBe(9);
    expect(owner1.tasks.every((t) => t.user_id === 1)).toBe(true);
    const visible = await engine.listTasks({ limit: 100, offset: 0, visibility: { ownerId: 1, sharedTypes: ['odd'] } });
    expect(visible.total).toBe(9 + 12 - made.filter((t, i) => i % 2 === 1 && t.user_id === 1).length);
    const active = await engine.listActiveTasks({ ownerId: 2, sharedTypes: [] });
    expect(active.every((t) => t.user_id === 2 && t.status === 'pending')).toBe(true);
    expect(active).toHaveLength(made.filter((t, i) => t.user_id === 2 && i !== 24).length);
  });

  it('counts up to countCap past the offset, then says the total is capped', async () => {
    const engine = newEngine();
    for (let i = 0; i < 12; i++) await engine.createTask({ task_type: 'counted', user_id: 4 });
    const exact = await engine.listTasks({ limit: 3, offset: 0, taskType: 'counted', countCap: 12 });
    expect(exact).toMatchObject({ total: 12, totalCapped: false });
    const capped = await engine.listTasks({ limit: 3, offset: 0, taskType: 'counted', countCap: 5 });
    expect(capped).toMatchObject({ total: 5, totalCapped: true });
    expect(capped.tasks).toHaveLength(3);
    // A deeper page counts on from its offset: 6 + 5 = 11 < 12 is still capped, 8 + 5 reaches the end.
    expect(await engine.listTasks({ limit: 3, offset: 6, taskType: 'counted', countCap: 5 })).toMatchObject({
      total: 11,
      totalCapped: true,
    });
    expect(await engine.listTasks({ limit: 3, offset: 8, taskType: 'counted', countCap: 5 })).toMatchObject({
      total: 12,
      totalCapped: false,
    });
    // Own tasks OR shared types (merged branches) are capped the same way, each task counted once.
    const visibility = { ownerId: 4, sharedTypes: ['counted', 'other'] };
    expect(await engine.listTasks({ limit: 3, offset: 0, visibility, countCap: 5 })).toMatchObject({ total: 5, totalCapped: true });
    expect(await engine.listTasks({ limit: 3, offset: 0, visibility, countCap: 12 })).toMatchObject({ total: 12, totalCapped: false });
  });

  it("merges a manager's own tasks and each shared type newest first, every task once, with the other filters", async () => {
    const engine = newEngine();
    const made: Task[] = [];
    const kinds = ['mine', 'shared_a', 'shared_b', 'hidden'] as const;
    for (let i = 0; i < 24; i++) {
      const kind = kinds[i % 4]!;
      // Some of the manager's own tasks are of a shared type: they must appear once.
      const type = kind === 'mine' ? (i % 8 === 0 ? 'shared_a' : 'private') : kind;
      made.push(await engine.createTask({ task_type: type, user_id: kind === 'mine' ? 7 : 9 }));
    }
    await engine.cancelTask(made[1]!.task_id);
    await engine.cancelTask(made[4]!.task_id);
    await engine.cancelTask(made[3]!.task_id);
    const visibility = { ownerId: 7, sharedTypes: ['shared_a', 'shared_b'] };
    const seen = made.filter((t) => t.user_id === 7 || t.task_type === 'shared_a' || t.task_type === 'shared_b').reverse();
    const ids = (ts: readonly Task[]) => ts.map((t) => t.task_id);
    const pages = [0, 5, 10, 15].map((offset) => engine.listTasks({ limit: 5, offset, visibility }));
    const got = await Promise.all(pages);
    expect(got.flatMap((p) => ids(p.tasks))).toEqual(ids(seen));
    expect(got.every((p) => p.total === seen.length && !p.totalCapped)).toBe(true);
    const cancelled = await engine.listTasks({ limit: 10, offset: 0, visibility, status: 'cancelled' });
    expect(ids(cancelled.tasks)).toEqual([made[4]!.task_id, made[1]!.task_id]);
    expect(cancelled.total).toBe(2);
    const typed = await engine.listTasks({ limit: 50, offset: 0, visibility, taskType: 'shared_a' });
    expect(ids(typed.tasks)).toEqual(ids(seen.filter((t) => t.task_type === 'shared_a')));
    expect((await engine.listTasks({ limit: 50, offset: 0, visibility, taskType: 'private' })).total).toBe(
      made.filter((t) => t.task_type === 'private').length,
    );
    expect((await engine.listTasks({ limit: 50, offset: 0, visibility, taskType: 'hidden' })).total).toBe(0);
  });

  it('lists oldest first (created_asc) with filters, a manager’s merged branches, a time range and an offset', async () => {
    const engine = newEngine();
    const list = (q: StoreTaskListQuery) => suite.storage().tasks.listTasks(q);
    const ids = (ts: readonly { task_id: string }[]) => ts.map((t) => t.task_id);
    const made: Task[] = [];
    const kinds = ['mine', 'shared_a', 'shared_b', 'hidden'] as const;
    for (let i = 0; i < 16; i++) {
      const kind = kinds[i % 4]!;
      const type = kind === 'mine' ? (i % 8 === 0 ? 'asc_shared_a' : 'asc_private') : `asc_${kind}`;
      made.push(await engine.createTask({ task_type: type, user_id: kind === 'mine' ? 17 : 19 }));
      if (i === 7) {
        await waitUntilAfter(made[7]!.created_at);
      }
    }
    await engine.cancelTask(made[1]!.task_id);
    await engine.cancelTask(made[5]!.task_id);
    const ours = made.map((t) => t.task_id);
    const all = await list({ limit: 100, offset: 0, order: 'created_asc' });
    expect(ids(all.tasks).filter((id) => ours.includes(id))).toEqual(ours);
    // The default and created_desc are newest first.
    const desc = await list({ limit: 100, offset: 0, order: 'created_desc', ownerId: 19 });
    expect(ids(desc.tasks)).toEqual(ids(made.filter((t) => t.user_id === 19).reverse()));
    const mine = made.filter((t) => t.user_id === 19);
    expect(ids((await list({ limit: 3, offset: 2, order: 'created_asc', ownerId: 19 })).tasks)).toEqual(ids(mine.slice(2, 5)));
    const cancelled = await list({ limit: 10, offset: 0, order: 'created_asc', ownerId: 19, status: 'cancelled' });
    expect(ids(cancelled.tasks)).toEqual([made[1]!.task_id, made[5]!.task_id]);
    // A manager: own tasks and each shared type, merged oldest first, each once, paged by offset.
    const visibility = { ownerId: 17, sharedTypes: ['asc_shared_a', 'asc_shared_b'] };
    const seen = made.filter((t) => t.user_id === 17 || t.task_type === 'asc_shared_a' || t.task_type === 'asc_shared_b');
    const pages = await Promise.all([0, 4, 8].map((offset) => list({ limit: 4, offset, visibility, order: 'created_asc' })));
    expect(pages.flatMap((p) => ids(p.tasks))).toEqual(ids(seen));
    expect(pages.every((p) => p.total === seen.length)).toBe(true);
    const typed = await list({ limit: 50, offset: 1, visibility, taskType: 'asc_shared_b', order: 'created_asc' });
    expect(ids(typed.tasks)).toEqual(ids(seen.filter((t) => t.task_type === 'asc_shared_b').slice(1)));
    // A time range: the ids bound the walk from the range's start as from its end.
    const from = new Date(Date.parse(made[7]!.created_at) + 1);
    const later = await list({ limit: 2, offset: 1, createdFrom: from, ownerId: 19, order: 'created_asc' });
    expect(ids(later.tasks)).toEqual(ids(mine.filter((t) => Date.parse(t.created_at) >= from.getTime()).slice(1, 3)));
    const earlier = await list({ limit: 50, offset: 0, createdTo: from, visibility, order: 'created_asc' });
    expect(ids(earlier.tasks)).toEqual(ids(seen.filter((t) => Date.parse(t.created_at) < from.getTime())));
  });

  it('lists by status (order=status): running, pending, failed, cancelled, completed, newest first in each', async () => {
    const engine = newEngine();
    const tasks = suite.storage().tasks;
    const owner = 4242;
    // Statuses interleaved in creation order, so that a list by creation would mix them.
    const plan = [
      'completed',
      'pending',
      'running',
      'failed',
      'cancelled',
      'pending',
      'completed',
      'running',
      'pending',
      'cancelled',
      'failed',
      'pending',
    ];
    const made: { id: string; status: string }[] = [];
    for (const status of plan) {
      if (status === 'pending' || status === 'cancelled') {
        const task = await engine.createTask({ task_type: 'by_status', user_id: owner });
        if (status === 'cancelled') await engine.cancelTask(task.task_id);
        made.push({ id: task.task_id, status });
        continue;
      }
      const [row] = await tasks.insertTasks([newTaskFixture('by_status', { user_id: owner })], { leaseOwner: 'probe', leaseMs: 60_000 });
      if (status === 'completed') await tasks.completeTask(row!.task_id, null, {}, 1);
      if (status === 'failed') await tasks.failTask(row!.task_id, 'boom', {}, 1);
      made.push({ id: row!.task_id, status });
    }
    const expected = ['running', 'pending', 'failed', 'cancelled', 'completed'].flatMap((status) =>
      made
        .filter((t) => t.status === status)
        .reverse()
        .map((t) => t.id),
    );
    const ids = (ts: readonly Task[]) => ts.map((t) => t.task_id);
    const whole = await engine.listTasks({ limit: 50, offset: 0, ownerId: owner, order: 'status' });
    expect(ids(whole.tasks)).toEqual(expected);
    expect(whole).toMatchObject({ total: 12, totalCapped: false });
    // Pages of 5 cut across the statuses and put them back together, each with the whole count.
    const pages = await Promise.all([0, 5, 10].map((offset) => engine.listTasks({ limit: 5, offset, ownerId: owner, order: 'status' })));
    expect(pages.flatMap((p) => ids(p.tasks))).toEqual(expected);
    expect(pages.map((p) => p.total)).toEqual([12, 12, 12]);
    // A capped count (2 per status here) still finds the page: the first status whose count is capped holds it.
    const capped = await engine.listTasks({ limit: 3, offset: 0, ownerId: owner, order: 'status', countCap: 2 });
    expect(ids(capped.tasks)).toEqual(expected.slice(0, 3));
    expect(capped.totalCapped).toBe(true);
    // With a status filter, or past the end, it is a plain list.
    expect(ids((await engine.listTasks({ limit: 50, offset: 0, ownerId: owner, order: 'status', status: 'failed' })).tasks)).toEqual(
      made
        .filter((t) => t.status === 'failed')
        .reverse()
        .map((t) => t.id),
    );
    expect((await engine.listTasks({ limit: 5, offset: 12, ownerId: owner, order: 'status' })).tasks).toEqual([]);
    // A user's visibility applies to every status's list.
    const stranger = await engine.listTasks({ limit: 50, offset: 0, order: 'status', visibility: { ownerId: owner + 1, sharedTypes: [] } });
    expect(ids(stranger.tasks).filter((id) => expected.includes(id))).toEqual([]);
  });

  it('finds one task by id and the tasks created in a time range, under the same visibility', async () => {
    const engine = newEngine();
    const before = await engine.createTask({ task_type: 'ranged', user_id: 7 });
    // Stored times are in ms: the range starts a millisecond after the first task, whatever the clock did.
    await waitUntilAfter(before.created_at);
    const from = new Date();
    const inside = [
      await engine.createTask({ task_type: 'ranged', user_id: 7 }),
      await engine.createTask({ task_type: 'ranged', user_id: 8 }),
    ];
    await waitUntilAfter(inside[1]!.created_at);
    const to = new Date();
    await waitUntilAfter(to.toISOString());
    await engine.createTask({ task_type: 'ranged', user_id: 7 });
    const ranged = await engine.listTasks({ limit: 100, offset: 0, taskType: 'ranged', createdFrom: from, createdTo: to });
    expect(ranged.total).toBe(2);
    expect(ranged.tasks.map((t) => t.task_id)).toEqual(inside.map((t) => t.task_id).reverse());
    const fromOnly = await engine.listTasks({ limit: 100, offset: 0, taskType: 'ranged', createdFrom: from });
    expect(fromOnly.total).toBe(3);
    const toOnly = await engine.listTasks({ limit: 100, offset: 0, taskType: 'ranged', createdTo: from });
    expect(toOnly.tasks.map((t) => t.task_id)).toEqual([before.task_id]);
    const ownRange = await engine.listTasks({ limit: 100, offset: 0, createdFrom: from, createdTo: to, ownerId: 8 });
    expect(ownRange.tasks.map((t) => t.task_id)).toEqual([inside[1]!.task_id]);

    const byId = await engine.listTasks({ limit: 100, offset: 0, taskId: inside[0]!.task_id });
    expect(byId).toMatchObject({ total: 1, tasks: [{ task_id: inside[0]!.task_id }] });
    // Someone who may not see it finds nothing, as if it did not exist.
    const hidden = await engine.listTasks({
      limit: 100,
      offset: 0,
      taskId: inside[0]!.task_id,
      visibility: { ownerId: 8, sharedTypes: [] },
    });
    expect(hidden).toEqual({ tasks: [], total: 0, totalCapped: false });
    const missing = await engine.listTasks({ limit: 100, offset: 0, taskId: '0190b2a4-0000-7000-8000-000000000000' });
    expect(missing.total).toBe(0);
  });

  it('cleans up only finished tasks older than the cut-off', async () => {
    const storage = suite.storage();
    const engine = newEngine();
    const pending = await engine.createTask({ task_type: 'manual' });
    const finished = await engine.createTask({ task_type: 'manual' });
    await engine.cancelTask(finished.task_id);
    expect(await engine.cleanup(1)).toBe(0);
    expect(await storage.tasks.deleteFinishedBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await engine.getTask(finished.task_id)).toBeNull();
    expect(await engine.getTask(pending.task_id)).not.toBeNull();
  });
}
