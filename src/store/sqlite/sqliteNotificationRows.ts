/** The SQLite notification store's rows and parameters: times as epoch ms, arrays and JSON as text, booleans as 0/1. */
import type { Json } from '../../engine/index.js';
import type {
  ClaimedDelivery,
  NewNotificationRule,
  NotificationRulePatch,
  NotificationRuleRow,
  OutboxEvent,
  OutboxKind,
} from '../../notifications/port.js';
import type { AppNotification, TaskWatch, UserChannel } from '../../wire/index.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** A notification_rules row as SQLite returns it. */
export interface RawRule extends Omit<
  NotificationRuleRow,
  'user_ids' | 'user_channels' | 'emails' | 'enabled' | 'created_at' | 'updated_at'
> {
  user_ids: string;
  user_channels: string;
  emails: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

/** Converts a SQLite rule row to the port's. */
export function toRuleRow(r: RawRule): NotificationRuleRow {
  return {
    id: r.id,
    name: r.name,
    event: r.event,
    task_type: r.task_type,
    stuck_minutes: r.stuck_minutes,
    user_ids: JSON.parse(r.user_ids) as number[],
    user_channels: JSON.parse(r.user_channels) as UserChannel[],
    emails: JSON.parse(r.emails) as string[],
    webhook_url: r.webhook_url,
    webhook_secret: r.webhook_secret,
    mode: r.mode,
    digest_minutes: r.digest_minutes,
    enabled: r.enabled === 1,
    created_by: r.created_by,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

/** The parameters of insertRule.sql. */
export function insertRuleParams(rule: NewNotificationRule, now: number): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    event: rule.event,
    task_type: rule.task_type,
    stuck_minutes: rule.stuck_minutes,
    user_ids: JSON.stringify(rule.user_ids),
    user_channels: JSON.stringify(rule.user_channels),
    emails: JSON.stringify(rule.emails),
    webhook_url: rule.webhook_url,
    webhook_secret: rule.webhook_secret,
    mode: rule.mode,
    digest_minutes: rule.digest_minutes,
    enabled: rule.enabled ? 1 : 0,
    created_by: rule.created_by,
    now,
  };
}

/** The columns an edit may write (updateRule.sql has a @set_<column> and a @<column> for each). */
const PATCHED = [
  'name',
  'event',
  'task_type',
  'stuck_minutes',
  'user_ids',
  'user_channels',
  'emails',
  'webhook_url',
  'webhook_secret',
  'mode',
  'digest_minutes',
  'enabled',
] as const satisfies readonly (keyof NotificationRulePatch)[];

/** The parameters of updateRule.sql: each column the patch gives is set (converted), the others kept. */
export function rulePatchParams(id: string, patch: NotificationRulePatch, now: number): Record<string, unknown> {
  const params: Record<string, unknown> = { id, now };
  for (const column of PATCHED) {
    const value = patch[column];
    params[`set_${column}`] = value !== undefined ? 1 : 0;
    params[column] =
      value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : Array.isArray(value) ? JSON.stringify(value) : value;
  }
  return params;
}

/** A task_watches row as SQLite returns it. */
export interface RawWatch {
  task_id: string;
  user_id: number;
  channels: string;
  created_at: number;
}

/** A watch as the port has it, with its user. */
export function toWatch(r: RawWatch): TaskWatch & { user_id: number } {
  return { task_id: r.task_id, user_id: r.user_id, channels: JSON.parse(r.channels) as UserChannel[], created_at: iso(r.created_at)! };
}

/** A notification_events row as pendingEvents.sql returns it. */
export interface RawEvent {
  id: number;
  kind: OutboxKind;
  task_id: string | null;
  task_type: string | null;
  rule_id: string | null;
  detail: string | null;
  created_at: number;
}

export function toEvent(r: RawEvent): OutboxEvent {
  return { ...r, detail: parse<Json>(r.detail), created_at: iso(r.created_at)! };
}

/** A notification_deliveries row as SQLite returns it. */
export interface RawDelivery {
  id: string;
  dedupe_key: string;
  channel: ClaimedDelivery['channel'];
  recipient: string;
  user_id: number | null;
  rule_id: string | null;
  content: string | null;
  is_digest: number;
  window_start: number | null;
  window_end: number | null;
  attempt: number;
  created_at: number;
}

/** A claimed delivery without its digest's contents (read apart). */
export function toClaimed(r: RawDelivery): ClaimedDelivery {
  return {
    id: r.id,
    dedupe_key: r.dedupe_key,
    channel: r.channel,
    recipient: r.recipient,
    user_id: r.user_id,
    rule_id: r.rule_id,
    attempt: r.attempt,
    content: parse<Json>(r.content),
    digest: null,
    created_at: iso(r.created_at)!,
  };
}

/** An app_notifications row as SQLite returns it. */
export interface RawAppNotification extends Omit<AppNotification, 'created_at' | 'read_at'> {
  created_at: number;
  read_at: number | null;
}

export function toAppNotification(r: RawAppNotification): AppNotification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    task_id: r.task_id,
    created_at: iso(r.created_at)!,
    read_at: iso(r.read_at),
  };
}

/** An ISO time as ms (refused when it does not parse). */
export function msOf(time: string): number {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO 8601 time: ${time}`);
  return ms;
}
