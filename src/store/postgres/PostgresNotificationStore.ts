/** Notifications (issue 15) on PostgreSQL: rules, watches, the outbox, deliveries and the bell (src/notifications/port.ts). */
import type pg from 'pg';
import { uuidv7 } from '../../engine/index.js';
import type {
  ClaimedDelivery,
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
import { pgTransaction } from './pgTransaction.js';
import { expandEventsOn } from './postgresNotificationExpand.js';
import { NOTIFICATION_SQL as SQL } from './postgresNotificationStatements.js';
import { UUID_RE } from './postgresTaskRows.js';

/** A notification_deliveries row as claimDeliveries.sql returns it (jsonb parsed, timestamptz as ISO text). */
interface RawDelivery extends Omit<ClaimedDelivery, 'digest'> {
  is_digest: boolean;
  window_start: string | null;
  window_end: string | null;
}

type Watch = TaskWatch & { user_id: number };

const watchOf = ({ user_id: _, ...watch }: Watch): TaskWatch => watch;

/**
 * NotificationStore on PostgreSQL. Inserted events and deliveries notify `channel` (triggers of migration 013),
 * which openPostgres's watchNotifications listens on. Expansions take an advisory transaction lock keyed by the
 * channel (so flood windows are decided in event order on any number of nodes); claims lock with SKIP LOCKED.
 * An id that is not a UUID names nothing (and is not sent: the uuid columns would refuse it).
 */
export class PostgresNotificationStore implements NotificationStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
  ) {}

  async insertRule(rule: NewNotificationRule): Promise<NotificationRuleRow> {
    const { rows } = await this.pool.query<NotificationRuleRow>(SQL.insertRule, [
      rule.id,
      rule.name,
      rule.event,
      rule.task_type,
      rule.stuck_minutes,
      JSON.stringify(rule.user_ids),
      JSON.stringify(rule.user_channels),
      JSON.stringify(rule.emails),
      rule.webhook_url,
      rule.webhook_secret,
      rule.mode,
      rule.digest_minutes,
      rule.enabled,
      rule.created_by,
    ]);
    return rows[0]!;
  }

  async getRule(id: string): Promise<NotificationRuleRow | null> {
    if (!UUID_RE.test(id)) return null;
    return (await this.pool.query<NotificationRuleRow>(SQL.getRule, [id])).rows[0] ?? null;
  }

  async listRules(): Promise<NotificationRuleRow[]> {
    return (await this.pool.query<NotificationRuleRow>(SQL.listRules)).rows;
  }

  async updateRule(id: string, patch: NotificationRulePatch): Promise<NotificationRuleRow | null> {
    if (!UUID_RE.test(id)) return null;
    return (await this.pool.query<NotificationRuleRow>(SQL.updateRule, [id, JSON.stringify(patch)])).rows[0] ?? null;
  }

  async deleteRule(id: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.deleteRule, [id])).rowCount === 1;
  }

  async watchTask(taskId: string, userId: number, channels: readonly UserChannel[]): Promise<TaskWatch> {
    const { rows } = await this.pool.query<Watch>(SQL.watchTask, [taskId, userId, JSON.stringify(channels)]);
    return watchOf(rows[0]!);
  }

  async getWatch(taskId: string, userId: number): Promise<TaskWatch | null> {
    if (!UUID_RE.test(taskId)) return null;
    const [row] = (await this.pool.query<Watch>(SQL.getWatch, [taskId, userId])).rows;
    return row ? watchOf(row) : null;
  }

  async unwatchTask(taskId: string, userId: number): Promise<boolean> {
    if (!UUID_RE.test(taskId)) return false;
    return (await this.pool.query(SQL.unwatchTask, [taskId, userId])).rowCount === 1;
  }

  async listWatches(taskId: string): Promise<Watch[]> {
    if (!UUID_RE.test(taskId)) return [];
    return (await this.pool.query<Watch>(SQL.listWatches, [taskId])).rows;
  }

  async recordEvent(event: NewOutboxEvent): Promise<boolean> {
    const detail = event.detail === null ? null : JSON.stringify(event.detail);
    const values = [event.kind, event.dedupe_key, event.task_id, event.task_type, event.rule_id, detail];
    return (await this.pool.query(SQL.recordEvent, values)).rowCount === 1;
  }

  async pendingEvents(limit: number): Promise<OutboxEvent[]> {
    if (limit <= 0) return [];
    return (await this.pool.query<OutboxEvent>(SQL.pendingEvents, [limit])).rows;
  }

  async expandEvent(eventId: number, expansion: EventExpansion): Promise<boolean> {
    return (await this.expandEvents([{ eventId, expansion }])) === 1;
  }

  async expandEvents(batch: readonly { eventId: number; expansion: EventExpansion }[]): Promise<number> {
    return expandEventsOn(this.pool, this.channel, batch);
  }

  async claimDeliveries(limit: number, leaseMs: number, digestQuotes: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    return pgTransaction(this.pool, 'BEGIN', async (c) => {
      const { rows } = await c.query<RawDelivery>(SQL.claimDeliveries, [limit, Math.max(0, leaseMs)]);
      rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
      const claimed: ClaimedDelivery[] = [];
      for (const r of rows) {
        const { is_digest, window_start, window_end, ...rest } = r;
        const delivery: ClaimedDelivery = {
          id: rest.id,
          dedupe_key: rest.dedupe_key,
          channel: rest.channel,
          recipient: rest.recipient,
          user_id: rest.user_id,
          rule_id: rest.rule_id,
          attempt: rest.attempt,
          content: is_digest ? null : rest.content,
          digest: null,
          created_at: rest.created_at,
        };
        if (is_digest) {
          const counts = (await c.query<{ task_type: string; n: number }>(SQL.digestCounts, [r.id])).rows;
          const items = (await c.query<DigestItem>(SQL.digestItems, [r.id, Math.max(0, digestQuotes)])).rows;
          delivery.digest = {
            total: counts.reduce((sum, x) => sum + x.n, 0),
            by_type: Object.fromEntries(counts.map((x) => [x.task_type, x.n])),
            items,
            window_start: window_start!,
            window_end: window_end!,
          };
        }
        claimed.push(delivery);
      }
      return claimed;
    });
  }

  async markSent(id: string, attempt: number): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.markSent, [id, attempt])).rowCount === 1;
  }

  async markRetry(id: string, attempt: number, retryInMs: number, error: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.markRetry, [id, attempt, Math.max(0, retryInMs), error])).rowCount === 1;
  }

  async markFailed(id: string, attempt: number, error: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.markFailed, [id, attempt, error])).rowCount === 1;
  }

  async deliverApp(id: string, attempt: number, notification: NewAppNotification): Promise<AppNotification | null> {
    if (!UUID_RE.test(id)) return null;
    return pgTransaction(this.pool, 'BEGIN', async (c) => {
      const [sent] = (await c.query<{ user_id: number | null; recipient: string }>(SQL.markSent, [id, attempt])).rows;
      if (!sent) return null;
      const { kind, title, body, task_id } = notification;
      // An app delivery's recipient is its user's id as text (user_id is set too, by the planner).
      const userId = sent.user_id ?? Number(sent.recipient);
      const values = [uuidv7(), userId, kind, title, body, task_id, id];
      const [row] = (await c.query<AppNotification>(SQL.insertAppNotification, values)).rows;
      return row ?? null;
    });
  }

  async deliveryCounts(): Promise<{ pending: number; failed: number; events_pending: number }> {
    return (await this.pool.query<{ pending: number; failed: number; events_pending: number }>(SQL.deliveryCounts)).rows[0]!;
  }

  async listAppNotifications(userId: number, options: { limit: number; unreadOnly: boolean }): Promise<AppNotificationList> {
    return pgTransaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const { rows } = await c.query<AppNotification>(SQL.listAppNotifications, [userId, options.unreadOnly, Math.max(0, options.limit)]);
      const [count] = (await c.query<{ n: number }>(SQL.unreadCount, [userId])).rows;
      return { notifications: rows, unread: count!.n };
    });
  }

  async markRead(userId: number, id: string): Promise<boolean> {
    if (!UUID_RE.test(id)) return false;
    return (await this.pool.query(SQL.markRead, [userId, id])).rowCount === 1;
  }

  async markAllRead(userId: number): Promise<number> {
    return (await this.pool.query(SQL.markAllRead, [userId])).rowCount ?? 0;
  }

  async runningTasks(): Promise<RunningTaskProbe[]> {
    return (await this.pool.query<RunningTaskProbe>(SQL.runningTasks)).rows;
  }

  async prune(olderThanMs: number): Promise<number> {
    return (await this.pool.query<{ n: number }>(SQL.prune, [Math.max(0, olderThanMs)])).rows[0]!.n;
  }

  async now(): Promise<Date> {
    return new Date((await this.pool.query<{ now: string }>(SQL.databaseNow)).rows[0]!.now);
  }
}
