/**
 * Notification store conformance: the outbox. The trigger on tasks records an event in the status change's own
 * transaction only when a rule or a watch listens; recordEvent deduplicates; a schedule pass with missed ticks
 * records schedule_missed.
 */
import { expect, it } from 'vitest';
import { newTaskFixture } from './newTaskFixture.js';
import { OTHER, REPORT, type NotificationSuite, events, newRuleFixture, runningTask } from './notificationSuite.js';
import { SCHEDULED_TYPE, dbClock, decision, newScheduleFixture, tickTask } from './scheduleSuite.js';

/** Registers the outbox tests. */
export function notificationOutboxTests(suite: NotificationSuite): void {
  it('no rule and no watch: a task that completes, fails or is cancelled records nothing', async () => {
    const storage = suite.storage();
    const done = await runningTask(storage, REPORT);
    await storage.tasks.completeTask(done.task_id, { ok: true }, {}, 1);
    const failed = await runningTask(storage, REPORT);
    await storage.tasks.failTask(failed.task_id, 'boom', {}, 1);
    const [pending] = await storage.tasks.insertTasks([newTaskFixture(REPORT)]);
    await storage.tasks.requestCancel(pending!.task_id);
    expect(await events(storage)).toEqual([]);
    expect((await storage.notifications.deliveryCounts()).events_pending).toBe(0);
  });

  it('a rule on `completed` of one type: its completions are recorded, not another type’s, not failures', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'completed', task_type: REPORT }));
    const mine = await runningTask(storage, REPORT);
    const other = await runningTask(storage, OTHER);
    const failing = await runningTask(storage, REPORT);
    await storage.tasks.completeTask(mine.task_id, null, {}, 1);
    await storage.tasks.completeTask(other.task_id, null, {}, 1);
    await storage.tasks.failTask(failing.task_id, 'boom', {}, 1);
    const recorded = await events(storage);
    expect(recorded).toEqual([
      {
        id: expect.any(Number),
        kind: 'completed',
        task_id: mine.task_id,
        task_type: REPORT,
        rule_id: null,
        detail: null,
        created_at: expect.any(String),
      },
    ]);
    expect(Math.abs(Date.parse(recorded[0]!.created_at) - (await storage.notifications.now()).getTime())).toBeLessThan(60_000);
  });

  it('a rule of any type on `failed`: only the final failure is recorded — a failed attempt going back to pending is not', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'failed', task_type: null }));
    const task = await runningTask(storage, OTHER, 2);
    // Attempt 1 fails with an attempt left: pending again, nothing recorded.
    const retried = await storage.tasks.retryLater(task.task_id, 'first', {}, 1, 0);
    expect(retried.status).toBe('pending');
    expect(await events(storage)).toEqual([]);
    const [again] = await storage.tasks.claimTasks({ types: [OTHER], limit: 1, leaseOwner: 'probe', leaseMs: 60_000 });
    expect(again!.attempt).toBe(2);
    await storage.tasks.failTask(task.task_id, 'second', {}, 2);
    expect((await events(storage)).map((e) => [e.kind, e.task_id])).toEqual([['failed', task.task_id]]);
    // A pending task failed without a fence (an enqueue-time failure) ends too.
    const [pending] = await storage.tasks.insertTasks([newTaskFixture(REPORT)]);
    await storage.tasks.failTask(pending!.task_id, 'refused', {});
    expect((await events(storage)).map((e) => e.task_id)).toEqual([task.task_id, pending!.task_id]);
  });

  it('the reaper’s final failure of an abandoned task is recorded too', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'failed' }));
    const task = await runningTask(storage, REPORT);
    const reaped = await storage.tasks.recoverAbandoned('lost', ['probe']);
    expect(reaped.map((t) => [t.task_id, t.status])).toEqual([[task.task_id, 'failed']]);
    expect((await events(storage)).map((e) => [e.kind, e.task_id])).toEqual([['failed', task.task_id]]);
  });

  it('a disabled rule listens to nothing; a rule on another event neither', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'completed', enabled: false }));
    await storage.notifications.insertRule(newRuleFixture({ event: 'stuck', stuck_minutes: 5 }));
    await storage.notifications.insertRule(newRuleFixture({ event: 'schedule_missed' }));
    const task = await runningTask(storage, REPORT);
    await storage.tasks.completeTask(task.task_id, null, {}, 1);
    expect(await events(storage)).toEqual([]);
  });

  it('cancellation reaches watchers only: rules do not record it, a watch does (and a watch alone records any end)', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'completed' }));
    await storage.notifications.insertRule(newRuleFixture({ event: 'failed' }));
    const [unwatched, watched] = await storage.tasks.insertTasks([newTaskFixture(OTHER), newTaskFixture(OTHER)]);
    await storage.notifications.watchTask(watched!.task_id, 5, ['app']);
    await storage.tasks.requestCancel(unwatched!.task_id);
    await storage.tasks.requestCancel(watched!.task_id);
    expect((await events(storage)).map((e) => [e.kind, e.task_id])).toEqual([['cancelled', watched!.task_id]]);

    // No rule at all: a watched task's completion is recorded; the unwatched one's is not.
    for (const rule of await storage.notifications.listRules()) await storage.notifications.deleteRule(rule.id);
    const a = await runningTask(storage, REPORT);
    const b = await runningTask(storage, REPORT);
    await storage.notifications.watchTask(a.task_id, 5, ['email']);
    await storage.tasks.completeTask(a.task_id, null, {}, 1);
    await storage.tasks.completeTask(b.task_id, null, {}, 1);
    // A running task's handler stopping on a cancellation: markCancelled.
    const c = await runningTask(storage, REPORT);
    await storage.notifications.watchTask(c.task_id, 5, ['app']);
    await storage.tasks.requestCancel(c.task_id);
    await storage.tasks.markCancelled(c.task_id, {}, 1);
    expect((await events(storage)).slice(1).map((e) => [e.kind, e.task_id])).toEqual([
      ['completed', a.task_id],
      ['cancelled', c.task_id],
    ]);
  });

  it('events come in the order the tasks ended, ids increasing; batched completions each record one', async () => {
    const storage = suite.storage();
    await storage.notifications.insertRule(newRuleFixture({ event: 'completed' }));
    const tasks = [];
    for (let i = 0; i < 3; i++) tasks.push(await runningTask(storage, REPORT));
    await storage.tasks.completeTask(tasks[1]!.task_id, null, {}, 1);
    await storage.tasks.completeTask(tasks[0]!.task_id, null, {}, 1);
    await storage.tasks.completeTask(tasks[2]!.task_id, null, {}, 1);
    const batch = [await runningTask(storage, REPORT), await runningTask(storage, REPORT)];
    const results = await storage.tasks.completeTasks(batch.map((t) => ({ taskId: t.task_id, result: null, update: {}, fence: 1 })));
    expect(results.every((r) => !(r instanceof Error))).toBe(true);
    const recorded = await events(storage);
    expect(recorded.slice(0, 3).map((e) => e.task_id)).toEqual([tasks[1]!.task_id, tasks[0]!.task_id, tasks[2]!.task_id]);
    expect(new Set(recorded.slice(3).map((e) => e.task_id))).toEqual(new Set(batch.map((t) => t.task_id)));
    const ids = recorded.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(5);
    // pendingEvents pages from the oldest.
    expect((await storage.notifications.pendingEvents(2)).map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(await storage.notifications.pendingEvents(0)).toEqual([]);
  });

  it('recordEvent: once per dedupe_key (a second record is a no-op)', async () => {
    const storage = suite.storage();
    const task = await runningTask(storage, REPORT);
    const rule = await storage.notifications.insertRule(newRuleFixture({ event: 'stuck', stuck_minutes: 5 }));
    const event = {
      kind: 'stuck' as const,
      dedupe_key: `stuck:${rule.id}:${task.task_id}:1:2`,
      task_id: task.task_id,
      task_type: REPORT,
      rule_id: rule.id,
      detail: { minutes: 5 },
    };
    expect(await storage.notifications.recordEvent(event)).toBe(true);
    expect(await storage.notifications.recordEvent({ ...event, detail: { minutes: 6 } })).toBe(false);
    expect(await events(storage)).toEqual([
      {
        id: expect.any(Number),
        kind: 'stuck',
        task_id: task.task_id,
        task_type: REPORT,
        rule_id: rule.id,
        detail: { minutes: 5 },
        created_at: expect.any(String),
      },
    ]);
    expect((await storage.notifications.deliveryCounts()).events_pending).toBe(1);
  });

  it('a schedule pass with missed ticks records schedule_missed in its transaction, when a rule of its type (or any) wants it', async () => {
    const storage = suite.storage();
    const { schedules, notifications } = storage;
    const { at } = await dbClock(storage);
    // No rule yet: nothing recorded.
    const first = await schedules.insertSchedule(newScheduleFixture({ name: 'ночная выписка', next_run_at: at(-1_000) }));
    await schedules.fire(first.id, () => decision([], { next_run_at: at(3_600_000), last_run_at: at(-1_000), skipped: 1, missed: 1 }));
    expect(await events(storage)).toEqual([]);

    await notifications.insertRule(newRuleFixture({ event: 'schedule_missed', task_type: SCHEDULED_TYPE }));
    const row = await schedules.insertSchedule(newScheduleFixture({ name: 'ночная выписка', next_run_at: at(-120_000) }));
    const fired = await schedules.fire(row.id, () =>
      decision([tickTask(row.id, at(-60_000))], { next_run_at: at(3_600_000), last_run_at: at(-60_000), missed: 2 }),
    );
    expect(fired!.created).toHaveLength(1);
    expect(await events(storage)).toEqual([
      {
        id: expect.any(Number),
        kind: 'schedule_missed',
        task_id: null,
        task_type: SCHEDULED_TYPE,
        rule_id: null,
        detail: { schedule_id: row.id, name: 'ночная выписка', skipped: 2 },
        created_at: expect.any(String),
      },
    ]);
    // A pass that missed nothing records nothing.
    const fine = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    await schedules.fire(fine.id, () => decision([tickTask(fine.id, at(-1_000))], { next_run_at: at(3_600_000), last_run_at: at(-1_000) }));
    expect(await events(storage)).toHaveLength(1);
  });

  it('schedule_missed: a rule of another type does not want it; a rule of any type does', async () => {
    const storage = suite.storage();
    const { schedules, notifications } = storage;
    const { at } = await dbClock(storage);
    const other = await notifications.insertRule(newRuleFixture({ event: 'schedule_missed', task_type: OTHER }));
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    await schedules.fire(row.id, () => decision([], { next_run_at: at(-500), last_run_at: at(-1_000), missed: 1 }));
    expect(await events(storage)).toEqual([]);
    await notifications.updateRule(other.id, { task_type: null });
    await schedules.fire(row.id, () => decision([], { next_run_at: at(3_600_000), last_run_at: at(-500), missed: 3 }));
    expect((await events(storage)).map((e) => [e.kind, e.detail])).toEqual([
      ['schedule_missed', { schedule_id: row.id, name: row.name, skipped: 3 }],
    ]);
  });
}
