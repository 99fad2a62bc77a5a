/**
 * What a notification says, as the notifier stores it in a delivery's `content` (JSON) and the templates render it
 * at send time (src/notifications/content/templates). Every field is JSON-safe: a delivery written by one release is
 * rendered by the next. They are type aliases, not interfaces, so that each is a `Json` value the store takes.
 */
import type { Json } from '../../engine/index.js';

/** The task an event is about, as it was when the event was expanded. */
export type TaskSnapshot = {
  task_id: string;
  task_type: string;
  status: string;
  /** The enqueue's payload (a bank sync's `{date_from, date_to}`), or null. */
  payload: Json;
  /** The handler's result (a sync's SyncResult), or null. */
  result: Json;
  error: string | null;
  /** ISO 8601 UTC. */
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  processed: number;
  /** Null while unknown. */
  total: number | null;
  message: string | null;
  attempt: number;
  max_attempts: number;
};

/** The schedule of a `schedule_missed` event, and how many of its ticks made no task. */
export type ScheduleSnapshot = { id: string; name: string; skipped: number };

/** The kinds of a single event's message. */
export const EVENT_CONTENT_KINDS = ['completed', 'failed', 'cancelled', 'stuck', 'schedule_missed'] as const;
export type EventContentKind = (typeof EVENT_CONTENT_KINDS)[number];

/** One event's message: a task that ended or stopped moving, or a schedule's missed ticks. */
export type EventContent = {
  kind: EventContentKind;
  /** The task (null for `schedule_missed`). */
  task: TaskSnapshot | null;
  /** `schedule_missed` only. */
  schedule: ScheduleSnapshot | null;
  /** `stuck` only: the rule's threshold, minutes. */
  stuck_minutes: number | null;
};

/** One event of a digest: its task and the task's error (failures). */
export type DigestContentItem = { task_id: string | null; task_type: string | null; error: string | null };

/** A digest: the events of one rule and recipient in a window, counted by task type, the first ones quoted. */
export type DigestContent = {
  kind: 'digest';
  rule_name: string;
  /** The rule's event (`failed`, `completed`, `stuck`, `schedule_missed`). */
  event: string;
  /** Events in the digest (all of them, not only the quoted ones). */
  total: number;
  /** Task type → how many; events without a task (a schedule's) under `''`. */
  by_type: Record<string, number>;
  /** The first events, in order (at most the notifier's quote limit). */
  items: DigestContentItem[];
  /** The window, ISO 8601 UTC. */
  window_start: string;
  window_end: string;
};

/** Anything {@link renderMessage} renders. */
export type MessageContent = EventContent | DigestContent;

/** The rendered message: the e-mail's subject and bodies; `summary` is a few plain lines for the bell. */
export type RenderedMessage = { subject: string; text: string; html: string; summary: string };

/** How to render. */
export type RenderOptions = {
  /** TASKCAST_PUBLIC_URL, e.g. `https://taskcast.example.com` (no trailing slash needed); empty: no links. */
  publicUrl: string;
  /** IANA zone for times in the message (e.g. `Europe/Moscow`); the process's zone when absent. */
  timeZone?: string;
};
