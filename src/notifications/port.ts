/**
 * The notifications' storage port (issue 15; docs/notifications.md). The notifications module owns it; SQLite and
 * PostgreSQL (src/store) implement it, and the conformance suite (test/store/conformance/describeNotificationStore.ts)
 * pins what both must do alike.
 *
 * The pipeline, each step one transaction:
 * 1. **Events (the outbox).** A task's move to `completed`, `failed` (final: no attempt left) or `cancelled` inserts a
 *    row in `notification_events` *in the same transaction as the status change* (a trigger on `tasks`), when an
 *    enabled rule for that event and type exists or someone watches the task (so tasks nobody listens to cost one
 *    index probe, no write). A schedule pass whose ticks made no task inserts a `schedule_missed` event in the pass's
 *    transaction. `stuck` events come from the notifier's scan ({@link NotificationStore.recordEvent}, deduplicated).
 * 2. **Expansion.** The notifier reads unprocessed events in order, decides every delivery of each (pure code), and
 *    {@link NotificationStore.expandEvent} writes them and marks the event processed at once. Every delivery has an
 *    idempotency key (`dedupe_key`, unique): expanding an event twice (a crash between the read and the write) writes
 *    nothing twice.
 * 3. **Delivery.** Nodes claim due deliveries with a lease ({@link NotificationStore.claimDeliveries}), send, and mark
 *    them sent, or due again later with backoff. An `app` delivery is "sent" by inserting the bell's line in the same
 *    transaction as marking it ({@link NotificationStore.deliverApp}): exactly once.
 *
 * Times are ISO 8601 UTC with milliseconds, judged by the database's clock.
 */
import type { Json } from '../engine/index.js';
import type { AppNotification, AppNotificationList, NotificationRule, TaskWatch, UserChannel } from '../wire/index.js';

/** A rule as stored (the wire's rule). */
export type NotificationRuleRow = NotificationRule;

/** What {@link NotificationStore.insertRule} stores; `created_at`/`updated_at` are the database's now. */
export type NewNotificationRule = Omit<NotificationRuleRow, 'created_at' | 'updated_at'>;

/** An edit: the fields given are written, the rest kept; `updated_at` becomes now. */
export type NotificationRulePatch = Partial<Omit<NotificationRuleRow, 'id' | 'created_by' | 'created_at' | 'updated_at'>>;

/** What an outbox row is about. Task events carry the task's final status; `cancelled` only reaches watchers. */
export type OutboxKind = 'completed' | 'failed' | 'cancelled' | 'stuck' | 'schedule_missed';

/** One outbox row, as the notifier reads it. */
export interface OutboxEvent {
  /** Increasing (insert order). */
  id: number;
  kind: OutboxKind;
  task_id: string | null;
  task_type: string | null;
  /** `stuck`: the rule whose threshold was passed (only that rule is told); else null. */
  rule_id: string | null;
  /** `schedule_missed`: `{schedule_id, name, skipped}`; `stuck`: `{minutes}`; null otherwise. */
  detail: Json | null;
  created_at: string;
}

/** An event to record outside a trigger (a `stuck` task); `dedupe_key` makes a second record a no-op. */
export interface NewOutboxEvent {
  kind: OutboxKind;
  dedupe_key: string;
  task_id: string | null;
  task_type: string | null;
  rule_id: string | null;
  detail: Json | null;
}

export type DeliveryChannel = UserChannel | 'webhook';

/** Who a delivery goes to: an e-mail address, a webhook URL, or (channel `app`) a user id as text. */
export interface DeliveryTarget {
  channel: DeliveryChannel;
  recipient: string;
  /** The user it is for (null for a rule's bare address or webhook). */
  user_id: number | null;
  /** The rule that asked (null for a task's watcher). */
  rule_id: string | null;
}

/** One message to send for one event: the content is rendered at send time from `content`. */
export interface PlannedDelivery extends DeliveryTarget {
  /** Unique: e.g. `e42:r<rule id>:email:ops@example.com`, `e42:w17:app`. */
  dedupe_key: string;
  /** What the message says (the event, the task snapshot); rendered by the channel's templates. */
  content: Json;
}

/** One event's share in a digest (counted by task type, its error quoted). */
export interface DigestItem {
  event_id: number;
  task_type: string | null;
  task_id: string | null;
  /** The task's error (failures), else null. */
  error: string | null;
}

/**
 * A delivery of a rule in `digest` mode: the event joins the digest of `digest_key` (rule, recipient, channel,
 * window), due at `due_at` (the window's end). If that digest has already been claimed or sent (the event came late),
 * the item starts a new digest due now instead (its key: `digest_key` + `:late:` + event id).
 */
export interface PlannedDigestItem extends DeliveryTarget {
  digest_key: string;
  due_at: string;
  item: DigestItem;
}

/**
 * A delivery of a rule in `immediate` mode under flood control: the first event of a (rule, recipient, channel)
 * window is sent at once — the store opens a window `[event.created_at, + window_ms)` for `window_key` — and every
 * later event whose `created_at` falls in that open window joins that window's digest (key
 * `flood:<window_key>:<window start ms>`), due at the window's end. An event after the window's end opens a new one.
 */
export interface PlannedFloodDelivery {
  window_key: string;
  window_ms: number;
  immediate: PlannedDelivery;
  item: DigestItem;
}

/** Everything one event expands to. */
export interface EventExpansion {
  deliveries: readonly PlannedDelivery[];
  digests: readonly PlannedDigestItem[];
  flood: readonly PlannedFloodDelivery[];
}

/** A claimed delivery, ready to send. */
export interface ClaimedDelivery extends DeliveryTarget {
  id: string;
  dedupe_key: string;
  /** 1 on the first claim; the fence of {@link NotificationStore.markSent} and friends. */
  attempt: number;
  /** Immediate deliveries: the planned content; digests: null. */
  content: Json | null;
  /** Digests only: what they hold (counted over every item; `items` the first `digestQuotes` by event order). */
  digest: { total: number; by_type: Record<string, number>; items: DigestItem[]; window_start: string; window_end: string } | null;
  created_at: string;
}

/** A running task as the stuck scan sees it. */
export interface RunningTaskProbe {
  task_id: string;
  task_type: string;
  attempt: number;
  /** Bumped by every progress write: unchanged = no progress. */
  seq: number;
  user_id: number | null;
}

/** What {@link NotificationStore.deliverApp} writes: the bell's line. */
export type NewAppNotification = Pick<AppNotification, 'kind' | 'title' | 'body' | 'task_id'>;

export interface NotificationStore {
  // Rules (admin).
  insertRule(rule: NewNotificationRule): Promise<NotificationRuleRow>;
  getRule(id: string): Promise<NotificationRuleRow | null>;
  /** By name, then id. */
  listRules(): Promise<NotificationRuleRow[]>;
  /** Null when there is no such rule. */
  updateRule(id: string, patch: NotificationRulePatch): Promise<NotificationRuleRow | null>;
  deleteRule(id: string): Promise<boolean>;

  // "Сообщить мне по завершении".
  /** Inserts or replaces the user's watch of the task (channels as given). */
  watchTask(taskId: string, userId: number, channels: readonly UserChannel[]): Promise<TaskWatch>;
  getWatch(taskId: string, userId: number): Promise<TaskWatch | null>;
  unwatchTask(taskId: string, userId: number): Promise<boolean>;
  /** Every watch of a task (expansion of its final event). */
  listWatches(taskId: string): Promise<(TaskWatch & { user_id: number })[]>;

  // The outbox.
  /** Records an event unless one with its `dedupe_key` exists; true when inserted. */
  recordEvent(event: NewOutboxEvent): Promise<boolean>;
  /** The oldest unprocessed events, in id order, at most `limit`. */
  pendingEvents(limit: number): Promise<OutboxEvent[]>;
  /**
   * One transaction: writes the expansion (deliveries and digest items, skipping any whose key exists; flood windows
   * as {@link PlannedFloodDelivery} says) and marks the event processed. False (nothing written) when the event was
   * processed already (another node, a second pass). PostgreSQL serializes expansions (an advisory transaction lock),
   * so flood windows are decided in event order.
   */
  expandEvent(eventId: number, expansion: EventExpansion): Promise<boolean>;
  /** {@link expandEvent} for a batch of events, in order, in one transaction; how many were expanded. */
  expandEvents(batch: readonly { eventId: number; expansion: EventExpansion }[]): Promise<number>;

  // Delivery.
  /**
   * Up to `limit` deliveries due now (pending, `next_attempt_at <= now`, digests at or after their `due_at`), oldest
   * first, each leased for `leaseMs` (its `next_attempt_at` moves to now + leaseMs and `attempt` is bumped, so a node
   * that dies holding it lets another retry it after the lease). PostgreSQL: `FOR UPDATE SKIP LOCKED`.
   * `digestQuotes`: how many of a digest's items to return in `digest.items`.
   */
  claimDeliveries(limit: number, leaseMs: number, digestQuotes: number): Promise<ClaimedDelivery[]>;
  /** Sent: false when the attempt no longer holds it (fence). */
  markSent(id: string, attempt: number): Promise<boolean>;
  /** Failed this time: due again at now + `retryInMs`, the error kept. */
  markRetry(id: string, attempt: number, retryInMs: number, error: string): Promise<boolean>;
  /** Given up (a permanent error, or past the give-up time): never tried again, the error kept. */
  markFailed(id: string, attempt: number, error: string): Promise<boolean>;
  /** One transaction: the bell's line for `user_id` inserted and the delivery marked sent; null when the fence fails. */
  deliverApp(id: string, attempt: number, notification: NewAppNotification): Promise<AppNotification | null>;
  /** How many deliveries wait (pending) and how many were given up, for the metrics and the health of the pipeline. */
  deliveryCounts(): Promise<{ pending: number; failed: number; events_pending: number }>;

  // The bell.
  listAppNotifications(userId: number, options: { limit: number; unreadOnly: boolean }): Promise<AppNotificationList>;
  /** False when there is no such unread notification of this user. */
  markRead(userId: number, id: string): Promise<boolean>;
  /** How many were marked. */
  markAllRead(userId: number): Promise<number>;

  // The stuck scan.
  /** Every running task (id, type, attempt, seq, owner). */
  runningTasks(): Promise<RunningTaskProbe[]>;

  // Housekeeping.
  /**
   * Deletes processed events, sent or given-up deliveries (with their items), read bell lines and closed flood windows
   * older than `olderThanMs`; how many rows.
   */
  prune(olderThanMs: number): Promise<number>;
  /** The database's clock. */
  now(): Promise<Date>;
}

/** Calls back (coalesced, best effort) when another process may have inserted events or deliveries; returns the stop. */
export type NotificationWatcher = (onChange: () => void) => () => void;
