/**
 * Notification store conformance: an event's expansion — idempotent, digests joined while unclaimed (a late item
 * starts its own), flood windows (the first event at once, the next ones into the window's digest).
 */
import { expect, it } from 'vitest';
import type { ClaimedDelivery, EventExpansion } from '../../../src/notifications/index.js';
import type { Storage } from '../../../src/store/index.js';
import { OTHER, REPORT, type NotificationSuite, anEvent, appDelivery, dbNow, events, itemOf, untilPast } from './notificationSuite.js';

const none: EventExpansion = { deliveries: [], digests: [], flood: [] };

/** Claims everything due (a long lease), by dedupe_key. */
async function claimAll(storage: Storage): Promise<Map<string, ClaimedDelivery>> {
  const claimed = await storage.notifications.claimDeliveries(100, 60_000, 10);
  return new Map(claimed.map((d) => [d.dedupe_key, d]));
}

/** Registers the expansion tests. */
export function notificationExpandTests(suite: NotificationSuite): void {
  it('expandEvent writes the deliveries and marks the event processed; a second expansion is false and writes nothing', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const event = await anEvent(storage);
    const expansion: EventExpansion = {
      ...none,
      deliveries: [
        appDelivery(event, 1),
        {
          channel: 'email',
          recipient: 'ops@example.com',
          user_id: null,
          rule_id: null,
          dedupe_key: `e${event.id}:email:ops`,
          content: { a: 1 },
        },
      ],
    };
    expect(await notifications.expandEvent(event.id, expansion)).toBe(true);
    expect(await events(storage)).toEqual([]);
    expect(await notifications.deliveryCounts()).toEqual({ pending: 2, failed: 0, events_pending: 0 });
    expect(await notifications.expandEvent(event.id, expansion)).toBe(false);
    expect(await notifications.expandEvent(event.id, { ...none, deliveries: [appDelivery(event, 2)] })).toBe(false);
    expect((await notifications.deliveryCounts()).pending).toBe(2);
    const claimed = await claimAll(storage);
    expect([...claimed.keys()].sort()).toEqual([`e${event.id}:email:ops`, `e${event.id}:u1:app`]);
    expect(claimed.get(`e${event.id}:u1:app`)).toMatchObject({
      channel: 'app',
      recipient: '1',
      user_id: 1,
      rule_id: null,
      attempt: 1,
      content: { kind: 'stuck', task_type: REPORT },
      digest: null,
    });
  });

  it('a delivery whose key exists already (another event planned the same) is skipped, not an error', async () => {
    const storage = suite.storage();
    const [a, b] = [await anEvent(storage), await anEvent(storage)];
    expect(await storage.notifications.expandEvent(a.id, { ...none, deliveries: [appDelivery(a, 1, { dedupe_key: 'same' })] })).toBe(true);
    expect(await storage.notifications.expandEvent(b.id, { ...none, deliveries: [appDelivery(b, 1, { dedupe_key: 'same' })] })).toBe(true);
    expect((await storage.notifications.deliveryCounts()).pending).toBe(1);
  });

  it('two nodes expanding one event at once: one writes, the other gets false', async () => {
    const storage = suite.storage();
    const other = await suite.harness().open();
    const event = await anEvent(storage);
    const expansion = { ...none, deliveries: [appDelivery(event, 1), appDelivery(event, 2)] };
    const results = await Promise.all([
      storage.notifications.expandEvent(event.id, expansion),
      other.notifications.expandEvent(event.id, expansion),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await storage.notifications.deliveryCounts()).pending).toBe(2);
  });

  it('digest items join the digest of their key while it is unclaimed, counted by type; a late item starts a new digest due now', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const { at } = await dbNow(storage);
    const target = { channel: 'email' as const, recipient: 'ops@example.com', user_id: null, rule_id: null };
    const key = 'digest:r1:ops@example.com:email:w1';
    const dueSoon = at(-1); // due already, so a claim takes it
    const e1 = await anEvent(storage, REPORT);
    const e2 = await anEvent(storage, REPORT);
    const e3 = await anEvent(storage, OTHER);
    for (const [e, error] of [
      [e1, 'boom 1'],
      [e2, null],
      [e3, 'boom 3'],
    ] as const) {
      expect(
        await notifications.expandEvent(e.id, {
          ...none,
          digests: [{ ...target, digest_key: key, due_at: dueSoon, item: itemOf(e, error) }],
        }),
      ).toBe(true);
    }
    expect((await notifications.deliveryCounts()).pending).toBe(1);
    const [digest, ...rest] = await notifications.claimDeliveries(10, 60_000, 2);
    expect(rest).toEqual([]);
    expect(digest).toMatchObject({ ...target, dedupe_key: key, attempt: 1, content: null });
    expect(digest!.digest).toEqual({
      total: 3,
      by_type: { [REPORT]: 2, [OTHER]: 1 },
      items: [itemOf(e1, 'boom 1'), itemOf(e2)],
      window_start: e1.created_at,
      window_end: dueSoon,
    });

    // The digest was claimed: a late event does not change what is being sent; it starts its own, due now.
    const e4 = await anEvent(storage, REPORT);
    expect(
      await notifications.expandEvent(e4.id, {
        ...none,
        digests: [{ ...target, digest_key: key, due_at: dueSoon, item: itemOf(e4, 'late') }],
      }),
    ).toBe(true);
    const [late] = await notifications.claimDeliveries(10, 60_000, 5);
    expect(late).toMatchObject({ dedupe_key: `${key}:late:${e4.id}`, attempt: 1 });
    expect(late!.digest).toMatchObject({ total: 1, by_type: { [REPORT]: 1 }, items: [itemOf(e4, 'late')] });
  });

  it('a digest is not claimed before its due_at', async () => {
    const storage = suite.storage();
    const { at } = await dbNow(storage);
    const e = await anEvent(storage);
    const target = { channel: 'app' as const, recipient: '3', user_id: 3, rule_id: null };
    await storage.notifications.expandEvent(e.id, {
      ...none,
      digests: [{ ...target, digest_key: 'later', due_at: at(3_600_000), item: itemOf(e) }],
    });
    expect(await storage.notifications.claimDeliveries(10, 60_000, 5)).toEqual([]);
    expect((await storage.notifications.deliveryCounts()).pending).toBe(1);
  });

  it('flood control: the first event of a window is sent at once, the next ones in that window join its digest, due at its end', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const window = 'r1:ops@example.com:email';
    const windowMs = 3_600_000;
    const evs = [await anEvent(storage), await anEvent(storage), await anEvent(storage)];
    for (const e of evs) {
      const immediate = { ...appDelivery(e, 1), dedupe_key: `e${e.id}:flood` };
      expect(
        await notifications.expandEvent(e.id, {
          ...none,
          flood: [{ window_key: window, window_ms: windowMs, immediate, item: itemOf(e, `err ${e.id}`) }],
        }),
      ).toBe(true);
    }
    // One immediate (the first event's) and one digest, due at the window's end (not yet).
    expect((await notifications.deliveryCounts()).pending).toBe(2);
    const now = await claimAll(storage);
    expect([...now.keys()]).toEqual([`e${evs[0]!.id}:flood`]);
    expect(now.get(`e${evs[0]!.id}:flood`)).toMatchObject({ content: { kind: 'stuck' }, digest: null, user_id: 1 });
  });

  it('flood control: the window’s digest holds the later events; an event after the window’s end opens a new one (sent at once)', async () => {
    const storage = suite.storage();
    const { notifications } = storage;
    const window = 'r2:1:app';
    const e1 = await anEvent(storage);
    const e2 = await anEvent(storage);
    // A short window that still holds e2 (under load the two inserts may be far apart).
    const windowMs = Date.parse(e2.created_at) - Date.parse(e1.created_at) + 50;
    const flood = (e: Awaited<ReturnType<typeof anEvent>>) => ({
      ...none,
      flood: [
        { window_key: window, window_ms: windowMs, immediate: { ...appDelivery(e, 1), dedupe_key: `e${e.id}:flood` }, item: itemOf(e) },
      ],
    });
    await notifications.expandEvent(e1.id, flood(e1));
    await notifications.expandEvent(e2.id, flood(e2));
    // The window ends windowMs after e1: its digest comes due.
    await untilPast(storage, e1.created_at, windowMs);
    const e3 = await anEvent(storage);
    await notifications.expandEvent(e3.id, flood(e3));
    const claimed = await claimAll(storage);
    const digestKey = `flood:${window}:${Date.parse(e1.created_at)}`;
    expect([...claimed.keys()].sort()).toEqual([`e${e1.id}:flood`, `e${e3.id}:flood`, digestKey].sort());
    expect(claimed.get(digestKey)!.digest).toEqual({
      total: 1,
      by_type: { [REPORT]: 1 },
      items: [itemOf(e2)],
      window_start: e1.created_at,
      window_end: new Date(Date.parse(e1.created_at) + windowMs).toISOString(),
    });
    expect(claimed.get(digestKey)).toMatchObject({ channel: 'app', recipient: '1', user_id: 1 });
  });
}
