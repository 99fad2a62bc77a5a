import type Database from 'better-sqlite3';
import { uuidv7 } from '../../engine/index.js';
import type {
  ClaimedDelivery,
  DeliveryTarget,
  DigestItem,
  EventExpansion,
  NewAppNotification,
  NewNotificationRule,
  NewOutboxEvent,
  NotificationRulePatch,
  NotificationRuleRow,
  NotificationStore,
  OutboxEvent,
  RunningTaskProbe,
} from '../../notifications/port.js';
import type { AppNotification, AppNotificationList, TaskWatch, UserChannel } from '../../wire/index.js';
import {
  insertRuleParams,
  msOf,
  type RawAppNotification,
  type RawDelivery,
  type RawEvent,
  type RawRule,
  type RawWatch,
  rulePatchParams,
  toAppNotification,
  toClaimed,
  toEvent,
  toRuleRow,
  toWatch,
} from './sqliteNotificationRows.js';
import { type NotificationStatements, prepareNotificationStatements } from './sqliteNotificationStatements.js';

/** A digest's period and due time, ms. */
interface DigestWindow {
  start: number;
  end: number;
  due: number;
}

/**
 * Notifications on SQLite (src/notifications/port.ts). Every time is SQLite's clock (read once per call, inside
 * the transaction of the calls that write several rows). SQLite's single writer serializes expansions and claims:
 * each is one BEGIN IMMEDIATE transaction, so no two nodes expand one event or claim one delivery.
 */
export class SqliteNotificationStore implements NotificationStore {
  private s!: NotificationStatements;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = prepareNotificationStatements(this.db);
  }

  private nowMs(): number {
    return this.s.now.pluck().get() as number;
  }

  async insertRule(rule: NewNotificationRule): Promise<NotificationRuleRow> {
    return toRuleRow(this.s.insertRule.get(insertRuleParams(rule, this.nowMs())) as RawRule);
  }

  async getRule(id: string): Promise<NotificationRuleRow | null> {
    const r = this.s.getRule.get(id) as RawRule | undefined;
    return r ? toRuleRow(r) : null;
  }

  async listRules(): Promise<NotificationRuleRow[]> {
    return (this.s.listRules.all() as RawRule[]).map(toRuleRow);
  }

  async updateRule(id: string, patch: NotificationRulePatch): Promise<NotificationRuleRow | null> {
    const r = this.s.updateRule.get(rulePatchParams(id, patch, this.nowMs())) as RawRule | undefined;
    return r ? toRuleRow(r) : null;
  }

  async deleteRule(id: string): Promise<boolean> {
    return this.s.deleteRule.run(id).changes > 0;
  }

  async watchTask(taskId: string, userId: number, channels: readonly UserChannel[]): Promise<TaskWatch> {
    const r = this.s.watchTask.get({ task_id: taskId, user_id: userId, channels: JSON.stringify(channels), now: this.nowMs() }) as RawWatch;
    const { user_id: _, ...watch } = toWatch(r);
    return watch;
  }

  async getWatch(taskId: string, userId: number): Promise<TaskWatch | null> {
    const r = this.s.getWatch.get({ task_id: taskId, user_id: userId }) as RawWatch | undefined;
    if (!r) return null;
    const { user_id: _, ...watch } = toWatch(r);
    return watch;
  }

  async unwatchTask(taskId: string, userId: number): Promise<boolean> {
    return this.s.unwatchTask.run({ task_id: taskId, user_id: userId }).changes > 0;
  }

  async listWatches(taskId: string): Promise<(TaskWatch & { user_id: number })[]> {
    return (this.s.listWatches.all(taskId) as RawWatch[]).map(toWatch);
  }

  async recordEvent(event: NewOutboxEvent): Promise<boolean> {
    return (
      this.s.recordEvent.run({
        ...event,
        detail: event.detail === null ? null : JSON.stringify(event.detail),
        now: this.nowMs(),
      }).changes > 0
    );
  }

  async pendingEvents(limit: number): Promise<OutboxEvent[]> {
    if (limit <= 0) return [];
    return (this.s.pendingEvents.all(limit) as RawEvent[]).map(toEvent);
  }

  /** The newest event's id: the watcher's look for events inserted on any connection, this one included. */
  lastEventId(): number {
    return this.s.lastEventId.pluck().get() as number;
  }

  async expandEvent(eventId: number, expansion: EventExpansion): Promise<boolean> {
    return (await this.expandEvents([{ eventId, expansion }])) === 1;
  }

  async expandEvents(batch: readonly { eventId: number; expansion: EventExpansion }[]): Promise<number> {
    if (batch.length === 0) return 0;
    const run = this.db.transaction((): number => {
      let expanded = 0;
      for (const { eventId, expansion } of batch) if (this.expandOne(eventId, expansion)) expanded++;
      return expanded;
    });
    return run.immediate();
  }

  /** One event's expansion, inside the caller's transaction; false when it was processed already. */
  private expandOne(eventId: number, expansion: EventExpansion): boolean {
    const now = this.nowMs();
    const event = this.s.markEventProcessed.get({ id: eventId, now }) as { created_at: number } | undefined;
    if (!event) return false;
    for (const d of expansion.deliveries) this.insertDelivery(d, d.dedupe_key, d.content, null, now, now);
    for (const d of expansion.digests) {
      const due = msOf(d.due_at);
      this.joinDigest(d, d.digest_key, { start: event.created_at, end: due, due }, d.item, event.created_at, now);
    }
    for (const f of expansion.flood) {
      const w = this.s.getFloodWindow.get(f.window_key) as { window_start: number; window_end: number; digest_key: string } | undefined;
      const at = event.created_at;
      if (!w || at >= w.window_end) {
        this.s.openFloodWindow.run({
          window_key: f.window_key,
          window_start: at,
          window_end: at + f.window_ms,
          digest_key: `flood:${f.window_key}:${at}`,
        });
        this.insertDelivery(f.immediate, f.immediate.dedupe_key, f.immediate.content, null, now, now);
      } else {
        const window = { start: w.window_start, end: w.window_end, due: w.window_end };
        this.joinDigest(f.immediate, w.digest_key, window, f.item, at, now);
      }
    }
    return true;
  }

  /** One delivery unless its key exists; `window` makes it a digest. */
  private insertDelivery(
    target: DeliveryTarget,
    key: string,
    content: unknown,
    window: DigestWindow | null,
    due: number,
    now: number,
  ): void {
    this.s.insertDelivery.run({
      id: uuidv7(),
      dedupe_key: key,
      channel: target.channel,
      recipient: target.recipient,
      user_id: target.user_id,
      rule_id: target.rule_id,
      content: window ? null : JSON.stringify(content ?? null),
      is_digest: window ? 1 : 0,
      window_start: window?.start ?? null,
      window_end: window?.end ?? null,
      due_at: due,
      now,
    });
  }

  /** The item joins the digest `key` (created if missing) while no claim has taken it; a late item starts its own, due now. */
  private joinDigest(target: DeliveryTarget, key: string, window: DigestWindow, item: DigestItem, eventAt: number, now: number): void {
    this.insertDelivery(target, key, null, window, window.due, now);
    let digest = this.s.deliveryByKey.get(key) as { id: string; status: string; attempt: number };
    if (digest.status !== 'pending' || digest.attempt > 0) {
      const late = `${key}:late:${item.event_id}`;
      this.insertDelivery(target, late, null, { start: eventAt, end: now, due: now }, now, now);
      digest = this.s.deliveryByKey.get(late) as { id: string; status: string; attempt: number };
    }
    this.s.insertDigestItem.run({ delivery_id: digest.id, ...item });
  }

  async claimDeliveries(limit: number, leaseMs: number, digestQuotes: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const run = this.db.transaction((): ClaimedDelivery[] => {
      const rows = this.s.claimDeliveries.all({ now: this.nowMs(), limit, lease: Math.max(0, Math.round(leaseMs)) }) as RawDelivery[];
      rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
      return rows.map((r) => {
        const claimed = toClaimed(r);
        if (r.is_digest !== 1) return claimed;
        const counts = this.s.digestCounts.all(r.id) as { task_type: string; n: number }[];
        const items = this.s.digestItems.all({ delivery_id: r.id, limit: Math.max(0, digestQuotes) }) as DigestItem[];
        claimed.digest = {
          total: counts.reduce((sum, c) => sum + c.n, 0),
          by_type: Object.fromEntries(counts.map((c) => [c.task_type, c.n])),
          items,
          window_start: new Date(r.window_start!).toISOString(),
          window_end: new Date(r.window_end!).toISOString(),
        };
        return claimed;
      });
    });
    return run.immediate();
  }

  async markSent(id: string, attempt: number): Promise<boolean> {
    return this.s.markSent.all({ id, attempt, now: this.nowMs() }).length > 0;
  }

  async markRetry(id: string, attempt: number, retryInMs: number, error: string): Promise<boolean> {
    return this.s.markRetry.run({ id, attempt, now: this.nowMs(), retry: Math.max(0, Math.round(retryInMs)), error }).changes > 0;
  }

  async markFailed(id: string, attempt: number, error: string): Promise<boolean> {
    return this.s.markFailed.run({ id, attempt, error }).changes > 0;
  }

  async deliverApp(id: string, attempt: number, notification: NewAppNotification): Promise<AppNotification | null> {
    const run = this.db.transaction((): AppNotification | null => {
      const now = this.nowMs();
      const sent = this.s.markSent.get({ id, attempt, now }) as { user_id: number | null; recipient: string } | undefined;
      if (!sent) return null;
      const r = this.s.insertAppNotification.get({
        id: uuidv7(),
        // An app delivery's recipient is its user's id as text (user_id is set too, by the planner).
        user_id: sent.user_id ?? Number(sent.recipient),
        kind: notification.kind,
        title: notification.title,
        body: notification.body,
        task_id: notification.task_id,
        delivery_id: id,
        now,
      }) as RawAppNotification | undefined;
      return r ? toAppNotification(r) : null;
    });
    return run.immediate();
  }

  async deliveryCounts(): Promise<{ pending: number; failed: number; events_pending: number }> {
    return this.s.deliveryCounts.get() as { pending: number; failed: number; events_pending: number };
  }

  async listAppNotifications(userId: number, options: { limit: number; unreadOnly: boolean }): Promise<AppNotificationList> {
    const read = this.db.transaction((): AppNotificationList => {
      const rows = this.s.listAppNotifications.all({
        user_id: userId,
        unread_only: options.unreadOnly ? 1 : 0,
        limit: Math.max(0, options.limit),
      }) as RawAppNotification[];
      return { notifications: rows.map(toAppNotification), unread: this.s.unreadCount.pluck().get(userId) as number };
    });
    return read();
  }

  async markRead(userId: number, id: string): Promise<boolean> {
    return this.s.markRead.run({ user_id: userId, id, now: this.nowMs() }).changes > 0;
  }

  async markAllRead(userId: number): Promise<number> {
    return this.s.markAllRead.run({ user_id: userId, now: this.nowMs() }).changes;
  }

  async runningTasks(): Promise<RunningTaskProbe[]> {
    return this.s.runningTasks.all() as RunningTaskProbe[];
  }

  async prune(olderThanMs: number): Promise<number> {
    const run = this.db.transaction((): number => {
      const before = this.nowMs() - Math.max(0, olderThanMs);
      let n = 0;
      for (const s of [this.s.pruneEvents, this.s.pruneDeliveries, this.s.pruneAppNotifications, this.s.pruneFloodWindows]) {
        n += s.run({ before }).changes;
      }
      return n;
    });
    return run.immediate();
  }

  async now(): Promise<Date> {
    return new Date(this.nowMs());
  }
}
