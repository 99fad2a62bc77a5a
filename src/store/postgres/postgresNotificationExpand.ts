/** Events' expansion on PostgreSQL (NotificationStore.expandEvents): one transaction per batch, serialized across nodes. */
import type pg from 'pg';
import { uuidv7 } from '../../engine/index.js';
import type { DeliveryTarget, DigestItem, EventExpansion } from '../../notifications/port.js';
import { pgTransaction } from './pgTransaction.js';
import { NOTIFICATION_SQL as SQL } from './postgresNotificationStatements.js';

/** A digest's period and due time (ISO). */
interface DigestWindow {
  start: string;
  end: string;
  due: string;
}

/**
 * One transaction for a batch of events in order: takes the expansions' advisory lock (the key: `channel`, one per
 * schema), and for each event marks it processed (passed over, nothing written, when it was already) and writes its
 * deliveries, digest items and flood windows. How many events were expanded.
 */
export async function expandEventsOn(
  pool: pg.Pool,
  channel: string,
  batch: readonly { eventId: number; expansion: EventExpansion }[],
): Promise<number> {
  if (batch.length === 0) return 0;
  return pgTransaction(pool, 'BEGIN', async (c) => {
    await c.query(SQL.lockExpansions, [channel]);
    let expanded = 0;
    for (const { eventId, expansion } of batch) if (await expandOne(c, eventId, expansion)) expanded++;
    return expanded;
  });
}

async function expandOne(c: pg.PoolClient, eventId: number, expansion: EventExpansion): Promise<boolean> {
  const [event] = (await c.query<{ created_at: string; created_ms: number; db_now: string }>(SQL.markEventProcessed, [eventId])).rows;
  if (!event) return false;
  const now = event.db_now;
  for (const d of expansion.deliveries) await insertDelivery(c, d, d.dedupe_key, d.content, null, now);
  for (const d of expansion.digests) {
    await joinDigest(c, d, d.digest_key, { start: event.created_at, end: d.due_at, due: d.due_at }, d.item, event.created_at, now);
  }
  for (const f of expansion.flood) {
    const [w] = (
      await c.query<{ window_start: string; window_end: string; digest_key: string; ended: boolean }>(SQL.getFloodWindow, [
        f.window_key,
        event.created_at,
      ])
    ).rows;
    if (!w || w.ended) {
      await c.query(SQL.openFloodWindow, [f.window_key, event.created_at, f.window_ms, `flood:${f.window_key}:${event.created_ms}`]);
      await insertDelivery(c, f.immediate, f.immediate.dedupe_key, f.immediate.content, null, now);
    } else {
      const window = { start: w.window_start, end: w.window_end, due: w.window_end };
      await joinDigest(c, f.immediate, w.digest_key, window, f.item, event.created_at, now);
    }
  }
  return true;
}

/** One delivery unless its key exists; `window` makes it a digest. */
async function insertDelivery(
  c: pg.PoolClient,
  target: DeliveryTarget,
  key: string,
  content: unknown,
  window: DigestWindow | null,
  due: string,
): Promise<void> {
  await c.query(SQL.insertDelivery, [
    uuidv7(),
    key,
    target.channel,
    target.recipient,
    target.user_id,
    target.rule_id,
    window ? null : JSON.stringify(content ?? null),
    window !== null,
    window?.start ?? null,
    window?.end ?? null,
    window?.due ?? due,
  ]);
}

/**
 * The item joins the digest `key` (created if missing) while no claim has taken it — the row is locked, so a claim
 * passes it over until this commits; a late item (the digest already claimed or sent) starts its own, due now.
 */
async function joinDigest(
  c: pg.PoolClient,
  target: DeliveryTarget,
  key: string,
  window: DigestWindow,
  item: DigestItem,
  eventAt: string,
  now: string,
): Promise<void> {
  type Row = { id: string; status: string; attempt: number };
  await insertDelivery(c, target, key, null, window, window.due);
  let [digest] = (await c.query<Row>(SQL.lockDeliveryByKey, [key])).rows;
  if (digest!.status !== 'pending' || digest!.attempt > 0) {
    const late = `${key}:late:${item.event_id}`;
    await insertDelivery(c, target, late, null, { start: eventAt, end: now, due: now }, now);
    [digest] = (await c.query<Row>(SQL.lockDeliveryByKey, [late])).rows;
  }
  await c.query(SQL.insertDigestItem, [digest!.id, item.event_id, item.task_type, item.task_id, item.error]);
}
