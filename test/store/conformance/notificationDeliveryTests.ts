/**
 * Notification store conformance: delivery — leased claims fenced by attempt, retries, giving up, the bell's line
 * written with the delivery's mark — the bell per user, the stuck scan's probe and the housekeeping.
 */
import { expect, it, vi } from 'vitest';
import type { Storage } from '../../../src/store/index.js';
import { type NotificationSuite, REPORT, anEvent, appDelivery, runningTask, untilPast } from './notificationSuite.js';

/** One app delivery for `userId` planned and claimed (leased for `leaseMs`); returns the claim. */
async function claimedApp(storage: Storage, userId = 1, leaseMs = 60_000) {
  const e = await anEvent(storage);
  await storage.notifications.expandEvent(e.id, { deliveries: [appDelivery(e, userId)], digests: [], flood: [] });
  const [d] = await storage.notifications.claimDeliveries(10, leaseMs, 5);
  expect(d).toMatchObject({ user_id: userId, attempt: 1 });
  return d!;
}

/** A bell line for `userId`, delivered; returns it. */
async function bellLine(storage: Storage, userId: number, title: string) {
  const d = await claimedApp(storage, userId);
  const line = await storage.notifications.deliverApp(d.id, d.attempt, { kind: 'completed', title, body: 'Готово', task_id: null });
  expect(line).not.toBeNull();
  return line!;
}

/** Registers the delivery tests. */
export function notificationDeliveryTests(suite: NotificationSuite): void {
  it('a claim leases: a second claim does not get it; after the lease it comes back with attempt + 1, and the old attempt is fenced out', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const d = await claimedApp(storage, 1, 300);
    expect(await notifications.claimDeliveries(10, 300, 5)).toEqual([]);
    const again = await vi.waitFor(
      async () => {
        const [x] = await notifications.claimDeliveries(10, 60_000, 5);
        expect(x).toBeDefined();
        return x!;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(again).toMatchObject({ id: d.id, dedupe_key: d.dedupe_key, attempt: 2 });
    // The first holder's marks no longer apply.
    expect(await notifications.markSent(d.id, 1)).toBe(false);
    expect(await notifications.markRetry(d.id, 1, 0, 'x')).toBe(false);
    expect(await notifications.markFailed(d.id, 1, 'x')).toBe(false);
    expect(await notifications.deliverApp(d.id, 1, { kind: 'completed', title: 't', body: 'b', task_id: null })).toBeNull();
    expect(await notifications.markSent(again.id, 2)).toBe(true);
    expect(await notifications.markSent(again.id, 2)).toBe(false);
    expect(await notifications.deliveryCounts()).toEqual({ pending: 0, failed: 0, events_pending: 0 });
  });

  it('claims: at most `limit`, and two nodes claiming at once never get the same delivery', async () => {
    const storage = suite.storage();
    const other = await suite.harness().open();
    const e = await anEvent(storage);
    const deliveries = [1, 2, 3, 4, 5, 6].map((u) => appDelivery(e, u));
    await storage.notifications.expandEvent(e.id, { deliveries, digests: [], flood: [] });
    expect(await storage.notifications.claimDeliveries(2, 60_000, 5)).toHaveLength(2);
    const [a, b] = await Promise.all([
      storage.notifications.claimDeliveries(3, 60_000, 5),
      other.notifications.claimDeliveries(3, 60_000, 5),
    ]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(await storage.notifications.claimDeliveries(10, 60_000, 5)).toEqual([]);
  });

  it('markRetry: due again after the delay, the next claim attempt + 1; markFailed: never again, counted as failed', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const d = await claimedApp(storage);
    expect(await notifications.markRetry(d.id, 1, 3_600_000, 'SMTP 451')).toBe(true);
    expect(await notifications.claimDeliveries(10, 60_000, 5)).toEqual([]);
    const e = await claimedApp(storage, 2);
    expect(await notifications.markRetry(e.id, 1, 0, 'timeout')).toBe(true);
    const [again] = await notifications.claimDeliveries(10, 60_000, 5);
    expect(again).toMatchObject({ id: e.id, attempt: 2 });
    expect(await notifications.markFailed(again!.id, 2, '550 no such user')).toBe(true);
    expect(await notifications.markFailed(again!.id, 2, 'again')).toBe(false);
    expect(await notifications.deliveryCounts()).toEqual({ pending: 1, failed: 1, events_pending: 0 });
    expect(await notifications.claimDeliveries(10, 60_000, 5)).toEqual([]);
  });

  it('deliverApp: the bell line of the delivery’s user and the mark in one; a second call writes no second line', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const d = await claimedApp(storage, 7);
    const task = await runningTask(storage, REPORT);
    const line = await notifications.deliverApp(d.id, d.attempt, {
      kind: 'failed',
      title: 'Синхронизация завершилась ошибкой',
      body: 'Нет связи с 1С',
      task_id: task.task_id,
    });
    expect(line).toEqual({
      id: expect.any(String),
      kind: 'failed',
      title: 'Синхронизация завершилась ошибкой',
      body: 'Нет связи с 1С',
      task_id: task.task_id,
      created_at: expect.any(String),
      read_at: null,
    });
    expect(await notifications.deliverApp(d.id, d.attempt, { kind: 'failed', title: 'x', body: 'y', task_id: null })).toBeNull();
    expect(await notifications.markSent(d.id, d.attempt)).toBe(false);
    expect(await notifications.listAppNotifications(7, { limit: 10, unreadOnly: false })).toEqual({ notifications: [line], unread: 1 });
    expect(await notifications.listAppNotifications(1, { limit: 10, unreadOnly: false })).toEqual({ notifications: [], unread: 0 });
    expect((await notifications.deliveryCounts()).pending).toBe(0);
  });

  it('deliverApp: a delivery without user_id goes to the user its recipient names', async () => {
    const storage = suite.storage();
    const e = await anEvent(storage);
    await storage.notifications.expandEvent(e.id, { deliveries: [appDelivery(e, 9, { user_id: null })], digests: [], flood: [] });
    const [d] = await storage.notifications.claimDeliveries(10, 60_000, 5);
    const line = await storage.notifications.deliverApp(d!.id, d!.attempt, {
      kind: 'stuck',
      title: 'Завис',
      body: '30 минут',
      task_id: null,
    });
    expect(await storage.notifications.listAppNotifications(9, { limit: 10, unreadOnly: true })).toEqual({
      notifications: [line],
      unread: 1,
    });
  });

  it('the bell: newest first, limited, unread only on request; markRead and markAllRead touch only the user’s own lines', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const a1 = await bellLine(storage, 1, 'первая');
    const b1 = await bellLine(storage, 2, 'чужая');
    const a2 = await bellLine(storage, 1, 'вторая');
    const a3 = await bellLine(storage, 1, 'третья');
    const list = await notifications.listAppNotifications(1, { limit: 2, unreadOnly: false });
    expect(list.unread).toBe(3);
    expect(list.notifications.map((n) => n.title)).toEqual(['третья', 'вторая']);
    // Another user's line cannot be marked by id.
    expect(await notifications.markRead(1, b1.id)).toBe(false);
    expect(await notifications.markRead(1, 'not-a-uuid')).toBe(false);
    expect(await notifications.markRead(1, a2.id)).toBe(true);
    expect(await notifications.markRead(1, a2.id)).toBe(false);
    const unread = await notifications.listAppNotifications(1, { limit: 10, unreadOnly: true });
    expect(unread).toEqual({ notifications: [a3, a1], unread: 2 });
    const all = await notifications.listAppNotifications(1, { limit: 10, unreadOnly: false });
    expect(all.notifications.find((n) => n.id === a2.id)!.read_at).toEqual(expect.any(String));
    expect(await notifications.markAllRead(1)).toBe(2);
    expect(await notifications.markAllRead(1)).toBe(0);
    expect((await notifications.listAppNotifications(1, { limit: 10, unreadOnly: false })).unread).toBe(0);
    expect(await notifications.listAppNotifications(2, { limit: 10, unreadOnly: true })).toEqual({ notifications: [b1], unread: 1 });
  });

  it('runningTasks: every running task with its type, attempt, seq and owner', async () => {
    const storage = suite.storage();
    const a = await runningTask(storage, REPORT);
    const b = await runningTask(storage, REPORT);
    await storage.tasks.completeTask(b.task_id, null, {}, 1);
    await storage.tasks.setProgress(a.task_id, { processed: 3 }, 1);
    const [probe, ...rest] = await storage.notifications.runningTasks();
    expect(rest).toEqual([]);
    expect(probe).toEqual({
      task_id: a.task_id,
      task_type: REPORT,
      attempt: 1,
      seq: (await storage.tasks.getTask(a.task_id))!.seq,
      user_id: null,
    });
    expect(probe!.seq).toBeGreaterThan(a.seq);
  });

  it('prune: processed events, sent and given-up deliveries, read bell lines older than the age go; the rest stays', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const line = await bellLine(storage, 1, 'прочитанная'); // event processed, delivery sent
    await notifications.markRead(1, line.id);
    const unreadLine = await bellLine(storage, 1, 'новая'); // event processed, delivery sent, line unread
    const given = await claimedApp(storage, 2);
    await notifications.markFailed(given.id, given.attempt, 'gone'); // event processed, delivery failed
    const waiting = await anEvent(storage);
    await notifications.expandEvent(waiting.id, { deliveries: [appDelivery(waiting, 3)], digests: [], flood: [] }); // pending delivery
    const unprocessed = await anEvent(storage);
    await notifications.expandEvent(unprocessed.id, {
      deliveries: [],
      digests: [],
      flood: [
        {
          window_key: 'w',
          window_ms: 1,
          immediate: appDelivery(unprocessed, 4, { dedupe_key: 'flood-now' }),
          item: { event_id: unprocessed.id, task_type: null, task_id: null, error: null },
        },
      ],
    });
    const fresh = await anEvent(storage); // not processed
    expect(await notifications.prune(3_600_000)).toBe(0);
    await untilPast(storage, (await notifications.now()).toISOString(), 5);
    // Gone: 5 processed events, 3 sent/failed deliveries (two bell ones, the failed), 1 read line, 1 ended window.
    expect(await notifications.prune(0)).toBe(10);
    expect((await notifications.pendingEvents(10)).map((e) => e.id)).toEqual([fresh.id]);
    expect(await notifications.deliveryCounts()).toEqual({ pending: 2, failed: 0, events_pending: 1 });
    expect(await notifications.listAppNotifications(1, { limit: 10, unreadOnly: false })).toEqual({
      notifications: [unreadLine],
      unread: 1,
    });
  });
}
