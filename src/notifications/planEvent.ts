/**
 * Who hears of one outbox event, and how (docs/notifications.md) — pure: the notifier loads the rules, the task's
 * watches and the users, and writes what this returns in one transaction (NotificationStore.expandEvent). Every
 * delivery's key names the event (a watcher's: the task's end), so planning the same event twice writes nothing twice.
 */
import type { Json, TaskRow } from '../engine/index.js';
import { taskSnapshot } from './content/index.js';
import type { UserChannel, UserRole } from '../wire/index.js';
import type {
  DeliveryTarget,
  DigestItem,
  EventExpansion,
  NotificationRuleRow,
  OutboxEvent,
  PlannedDelivery,
  PlannedDigestItem,
  PlannedFloodDelivery,
} from './port.js';

/** A user as the planner needs one. */
export interface Recipient {
  id: number;
  role: UserRole;
  email: string | null;
  disabled: boolean;
}

/** What the planner reads besides the event. */
export interface PlanInput {
  event: OutboxEvent;
  /** The task as stored now (null: none, or deleted since). */
  task: TaskRow | null;
  /** Every rule (disabled ones are passed over here). */
  rules: readonly NotificationRuleRow[];
  /** Who asked to be told when this task ends. */
  watches: readonly { user_id: number; channels: readonly UserChannel[] }[];
  users: ReadonlyMap<number, Recipient>;
  /** Task types every manager sees (the syncs). */
  sharedTypes: readonly string[];
  floodWindowMs: number;
}

/** The stored content of an event's message (what src/notifications/content renders). */
export function eventContent(event: OutboxEvent, task: TaskRow | null): Json {
  const detail = (event.detail ?? {}) as Record<string, Json>;
  return {
    kind: event.kind,
    task: task ? taskSnapshot(task) : null,
    schedule:
      event.kind === 'schedule_missed'
        ? { id: String(detail.schedule_id ?? ''), name: String(detail.name ?? ''), skipped: Number(detail.skipped ?? 0) }
        : null,
    stuck_minutes: event.kind === 'stuck' ? Number(detail.minutes ?? 0) : null,
  };
}

/** Whether a user may hear of this event: an admin of anything; others of tasks they may see (managers: schedules too). */
function mayHear(user: Recipient, input: PlanInput): boolean {
  if (user.disabled) return false;
  if (user.role === 'admin') return true;
  const task = input.task;
  if (!task)
    return input.event.kind === 'schedule_missed' && user.role === 'manager' && input.sharedTypes.includes(input.event.task_type ?? '');
  if (task.user_id === user.id) return true;
  return user.role === 'manager' && input.sharedTypes.includes(task.task_type);
}

function ruleMatches(rule: NotificationRuleRow, event: OutboxEvent): boolean {
  if (!rule.enabled || rule.event !== event.kind) return false;
  if (rule.task_type !== null && rule.task_type !== event.task_type) return false;
  // A stuck event is one rule's threshold passed: only that rule speaks.
  return event.kind !== 'stuck' || event.rule_id === rule.id;
}

/** The targets of one rule for this event, each (channel, recipient) once. */
function ruleTargets(rule: NotificationRuleRow, input: PlanInput): DeliveryTarget[] {
  const targets = new Map<string, DeliveryTarget>();
  const add = (t: DeliveryTarget) => targets.set(`${t.channel}:${t.recipient}`, t);
  for (const userId of rule.user_ids) {
    const user = input.users.get(userId);
    if (!user || !mayHear(user, input)) continue;
    for (const channel of rule.user_channels) {
      if (channel === 'app') add({ channel, recipient: String(user.id), user_id: user.id, rule_id: rule.id });
      else if (user.email) add({ channel, recipient: user.email.toLowerCase(), user_id: user.id, rule_id: rule.id });
    }
  }
  for (const email of rule.emails) add({ channel: 'email', recipient: email.toLowerCase(), user_id: null, rule_id: rule.id });
  if (rule.webhook_url) add({ channel: 'webhook', recipient: rule.webhook_url, user_id: null, rule_id: rule.id });
  return [...targets.values()];
}

/** Aligned windows of a digest rule: the one holding `at`. */
function digestWindow(at: string, minutes: number): { start: number; end: number } {
  const size = minutes * 60_000;
  const start = Math.floor(Date.parse(at) / size) * size;
  return { start, end: start + size };
}

/** Every delivery of one event. */
export function planEvent(input: PlanInput): EventExpansion {
  const { event, task } = input;
  const content = eventContent(event, task);
  const item: DigestItem = {
    event_id: event.id,
    task_type: event.task_type,
    task_id: event.task_id,
    error: event.kind === 'failed' ? (task?.error ?? null) : null,
  };
  const deliveries: PlannedDelivery[] = [];
  const digests: PlannedDigestItem[] = [];
  const flood: PlannedFloodDelivery[] = [];
  const told = new Set<string>();

  // An event recorded for a watch made after the task ended speaks to that watcher only (the rules had their turn).
  const watchOnly = typeof (event.detail as { watch_only?: unknown } | null)?.watch_only === 'number';
  for (const rule of watchOnly ? [] : input.rules) {
    if (!ruleMatches(rule, event)) continue;
    for (const target of ruleTargets(rule, input)) {
      told.add(`${target.channel}:${target.recipient}`);
      const key = `r${rule.id}:${target.channel}:${target.recipient}`;
      if (rule.mode === 'digest') {
        const window = digestWindow(event.created_at, rule.digest_minutes ?? 60);
        digests.push({ ...target, digest_key: `d:${key}:${window.start}`, due_at: new Date(window.end).toISOString(), item });
      } else {
        flood.push({
          window_key: key,
          window_ms: input.floodWindowMs,
          immediate: { ...target, dedupe_key: `e${event.id}:${key}`, content },
          item,
        });
      }
    }
  }

  // "Сообщить мне по завершении": once per watcher and channel, unless a rule already tells them the same way.
  if (task && (event.kind === 'completed' || event.kind === 'failed' || event.kind === 'cancelled')) {
    const only = watchOnly ? (event.detail as { watch_only: number }).watch_only : null;
    for (const watch of input.watches) {
      if (only !== null && watch.user_id !== only) continue;
      const user = input.users.get(watch.user_id);
      if (!user || !mayHear(user, input)) continue;
      for (const channel of watch.channels) {
        const recipient = channel === 'app' ? String(user.id) : user.email?.toLowerCase();
        if (!recipient || told.has(`${channel}:${recipient}`)) continue;
        told.add(`${channel}:${recipient}`);
        deliveries.push({
          channel,
          recipient,
          user_id: user.id,
          rule_id: null,
          dedupe_key: `w:${task.task_id}:${task.completed_at ?? ''}:${user.id}:${channel}`,
          content,
        });
      }
    }
  }
  return { deliveries, digests, flood };
}
