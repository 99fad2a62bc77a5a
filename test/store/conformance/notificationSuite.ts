/** What each part of the notification-store conformance suite is given, and the rules, tasks and plans its tests build. */
import { expect, vi } from 'vitest';
import { uuidv7 } from '../../../src/engine/index.js';
import type { TaskRow } from '../../../src/engine/index.js';
import type { DigestItem, NewNotificationRule, OutboxEvent, PlannedDelivery } from '../../../src/notifications/index.js';
import type { Storage } from '../../../src/store/index.js';
import type { StoreHarness } from './harnessTypes.js';
import { newTaskFixture } from './newTaskFixture.js';

/** The running test's database; describeNotificationStore opens it fresh before each test. */
export interface NotificationSuite {
  storage(): Storage;
  harness(): StoreHarness;
}

/** The task types of the suite: rules name REPORT; OTHER is nobody's. */
export const REPORT = 'notify_report';
export const OTHER = 'notify_other';

/** A new rule as the routes would hand it to a store: on failures of any type, user 1 in the app, enabled. */
export function newRuleFixture(overrides: Partial<NewNotificationRule> = {}): NewNotificationRule {
  return {
    id: uuidv7(),
    name: 'ops',
    event: 'failed',
    task_type: null,
    stuck_minutes: null,
    user_ids: [1],
    user_channels: ['app'],
    emails: [],
    webhook_url: null,
    webhook_secret: null,
    mode: 'immediate',
    digest_minutes: null,
    enabled: true,
    created_by: null,
    ...overrides,
  };
}

/** A task of `type` inserted already running (attempt 1), with `max_attempts` attempts. */
export async function runningTask(storage: Storage, type: string, maxAttempts = 1): Promise<TaskRow> {
  const [row] = await storage.tasks.insertTasks([newTaskFixture(type, { max_attempts: maxAttempts })], {
    leaseOwner: 'probe',
    leaseMs: 60_000,
  });
  expect(row!.status).toBe('running');
  return row!;
}

/** Every unprocessed event (the suite's databases hold few). */
export async function events(storage: Storage): Promise<OutboxEvent[]> {
  return storage.notifications.pendingEvents(1_000);
}

/** Records a `stuck` event (any kind of event will do where the trigger is not what is tested); returns it. */
export async function anEvent(storage: Storage, taskType: string | null = REPORT): Promise<OutboxEvent> {
  const key = `test:${uuidv7()}`;
  expect(
    await storage.notifications.recordEvent({
      kind: 'stuck',
      dedupe_key: key,
      task_id: null,
      task_type: taskType,
      rule_id: null,
      detail: { minutes: 5 },
    }),
  ).toBe(true);
  const all = await events(storage);
  return all.at(-1)!;
}

/** An immediate delivery of an event to user `userId` in the app. */
export function appDelivery(event: OutboxEvent, userId = 1, overrides: Partial<PlannedDelivery> = {}): PlannedDelivery {
  return {
    channel: 'app',
    recipient: String(userId),
    user_id: userId,
    rule_id: null,
    dedupe_key: `e${event.id}:u${userId}:app`,
    content: { kind: event.kind, task_type: event.task_type },
    ...overrides,
  };
}

/** An event's digest item. */
export function itemOf(event: OutboxEvent, error: string | null = null): DigestItem {
  return { event_id: event.id, task_type: event.task_type, task_id: event.task_id, error };
}

/** The database's clock, and ISO times relative to it. */
export async function dbNow(storage: Storage): Promise<{ now: Date; at: (ms: number) => string }> {
  const now = await storage.notifications.now();
  return { now, at: (ms) => new Date(now.getTime() + ms).toISOString() };
}

/** Waits (polling the database's clock) until it is past `iso` by `ms`. */
export async function untilPast(storage: Storage, iso: string, ms = 0): Promise<void> {
  await vi.waitFor(async () => expect((await storage.notifications.now()).getTime()).toBeGreaterThan(Date.parse(iso) + ms), {
    timeout: 10_000,
    interval: 5,
  });
}
