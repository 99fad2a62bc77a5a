/** Notifications over the wire (issue 15; docs/notifications.md): rules, a task's watchers, the in-app bell. */

/** What a rule reacts to. `failed` is the last attempt's failure (a failure with attempts left is not final). */
export const NOTIFICATION_EVENTS = ['completed', 'failed', 'stuck', 'schedule_missed'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Where a user hears of it: by e-mail (to the user's `email`) or in the app (the bell). */
export const USER_CHANNELS = ['email', 'app'] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];

/** `immediate`: each event at once, a flood folded into one digest per window; `digest`: one message every N minutes. */
export const NOTIFICATION_MODES = ['immediate', 'digest'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** A rule (admin): on `event` of a task of `task_type` (null: any type), tell these users, addresses and webhook. */
export interface NotificationRule {
  id: string;
  name: string;
  event: NotificationEvent;
  /** Null: every task type. */
  task_type: string | null;
  /** `stuck` only: running with no progress for this many minutes. */
  stuck_minutes: number | null;
  /** Users told on `user_channels`. */
  user_ids: number[];
  user_channels: UserChannel[];
  /** Addresses told by e-mail. */
  emails: string[];
  /** A URL that receives a signed JSON POST; null for none. */
  webhook_url: string | null;
  /** The webhook's HMAC-SHA256 key (generated at create when a webhook is set; admins only ever see it). */
  webhook_secret: string | null;
  mode: NotificationMode;
  /** `digest` only: the period of the digest, minutes. */
  digest_minutes: number | null;
  enabled: boolean;
  created_by: number | null;
  /** ISO 8601 UTC. */
  created_at: string;
  updated_at: string;
}

/** POST /api/v1/notification-rules; PATCH takes any subset (and `rotate_secret: true` for a new webhook secret). */
export type NotificationRuleInput = Pick<NotificationRule, 'name' | 'event'> &
  Partial<
    Pick<
      NotificationRule,
      'task_type' | 'stuck_minutes' | 'user_ids' | 'user_channels' | 'emails' | 'webhook_url' | 'mode' | 'digest_minutes' | 'enabled'
    >
  >;

/** POST /api/v1/tasks/{id}/notify (201) and GET of the same path: the caller asked to be told when the task ends. */
export interface TaskWatch {
  task_id: string;
  channels: UserChannel[];
  /** ISO 8601 UTC. */
  created_at: string;
}

/** One line of the bell (GET /api/v1/notifications; the socket's `{type: 'notification', notification}`). */
export interface AppNotification {
  id: string;
  /** The outcome: `completed`, `failed`, `cancelled`, `stuck`, `schedule_missed`, or `digest`. */
  kind: NotificationEvent | 'cancelled' | 'digest';
  /** One line, Russian: "Синхронизация банковских операций завершена". */
  title: string;
  /** A few lines, Russian: the result in words or the error. */
  body: string;
  /** The task it is about, if one. */
  task_id: string | null;
  /** ISO 8601 UTC. */
  created_at: string;
  /** Null while unread. */
  read_at: string | null;
}

/** GET /api/v1/notifications: newest first, and how many are unread in all. */
export interface AppNotificationList {
  notifications: AppNotification[];
  unread: number;
}

/**
 * The body of a webhook POST. Headers: `Taskcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * and `Taskcast-Delivery: <id>` (the same id on every retry of one delivery: a receiver drops what it has seen).
 */
export interface WebhookBody {
  /** The delivery's id (= Taskcast-Delivery). */
  id: string;
  kind: NotificationEvent | 'digest';
  rule_id: string;
  /** ISO 8601 UTC. */
  created_at: string;
  /** The task, as GET /api/v1/tasks/{id} shows it, when the event is about one. */
  task: Record<string, unknown> | null;
  /** `schedule_missed`: the schedule and how many ticks made no task. */
  schedule: { id: string; name: string; skipped: number } | null;
  /** `digest`: counts per task type and the first errors quoted. */
  digest: { total: number; by_type: Record<string, number>; first_errors: string[] } | null;
  subject: string;
  text: string;
}
