/**
 * The notifications API (issue 15): the caller's own bell lines (`/api/v1/notifications`), «Сообщить мне по
 * завершении» on one task (`/api/v1/tasks/{id}/notify`: any user who may see the task), and the admin's rules
 * (`/api/v1/notification-rules`: 403 for other roles). Errors are {@link ApiError}s as everywhere; a wrong field
 * answers 400 with a `detail` naming it (`body.webhook_url: …`), which `fieldOfError` of ./schedules reads.
 */
import type { AppNotificationList, NotificationRule, NotificationRuleInput, TaskWatch, UserChannel } from '../../../src/wire/index.js';
import { ApiError, request } from './client';

// The wire shapes are defined once, in src/wire, and shared with the server.
export { NOTIFICATION_EVENTS, NOTIFICATION_MODES, USER_CHANNELS } from '../../../src/wire/index.js';
export type {
  AppNotification,
  AppNotificationList,
  NotificationEvent,
  NotificationMode,
  NotificationRule,
  NotificationRuleInput,
  TaskWatch,
  UserChannel,
} from '../../../src/wire/index.js';

/** Options of {@link listNotifications}. */
export interface ListNotificationsOptions {
  /** Only the unread lines (true), only the read ones (false), or all (undefined). */
  unread?: boolean;
  /** At most this many lines, newest first (the server's default: 20). */
  limit?: number;
  signal?: AbortSignal;
}

/** The caller's own bell lines, newest first, and how many are unread in all. */
export function listNotifications(options: ListNotificationsOptions = {}): Promise<AppNotificationList> {
  return request<AppNotificationList>('GET', '/api/v1/notifications', {
    query: { unread: options.unread, limit: options.limit },
    signal: options.signal,
  });
}

/** Marks one line read (204; again is harmless). */
export async function markNotificationRead(id: string): Promise<void> {
  await request<void>('POST', `/api/v1/notifications/${encodeURIComponent(id)}/read`);
}

/** Marks every unread line of the caller read; answers how many were marked. */
export async function markAllNotificationsRead(): Promise<number> {
  return (await request<{ marked: number }>('POST', '/api/v1/notifications/read-all')).marked;
}

const notifyPath = (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}/notify`;

/** Asks to be told when the task ends, on `channels` (201); asking again replaces the channels. */
export function watchTask(taskId: string, channels: UserChannel[]): Promise<TaskWatch> {
  return request<TaskWatch>('POST', notifyPath(taskId), { body: { channels } });
}

/**
 * The caller's watch of the task, or null when the caller does not watch it (the server's 404 NOT_WATCHING). A server
 * without the notifications feature (an embedding application's) answers 404 for the route itself: that is thrown,
 * as {@link isWithoutNotifications} tells.
 */
export async function getTaskWatch(taskId: string, signal?: AbortSignal): Promise<TaskWatch | null> {
  try {
    return await request<TaskWatch>('GET', notifyPath(taskId), { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !isWithoutNotifications(err)) return null;
    throw err;
  }
}

/** True for the API's answer to a route it does not have (`Not found: GET /api/v1/…`): no notifications there. */
export function isWithoutNotifications(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.detail.startsWith('Not found: ');
}

/** Stops watching the task (204). */
export async function unwatchTask(taskId: string): Promise<void> {
  await request<void>('DELETE', notifyPath(taskId));
}

const rulePath = (id: string) => `/api/v1/notification-rules/${encodeURIComponent(id)}`;

/** Every rule (admins only; 403 otherwise). */
export async function listNotificationRules(): Promise<NotificationRule[]> {
  return (await request<{ rules: NotificationRule[] }>('GET', '/api/v1/notification-rules')).rules;
}

/** Creates a rule (201); with a webhook its answer holds the generated `webhook_secret`. */
export function createNotificationRule(input: NotificationRuleInput): Promise<NotificationRule> {
  return request<NotificationRule>('POST', '/api/v1/notification-rules', { body: input });
}

/** Changes any part of a rule; `rotate_secret: true` makes a new webhook secret. Answers the rule as it now is. */
export function updateNotificationRule(
  id: string,
  changes: Partial<NotificationRuleInput> & { rotate_secret?: boolean },
): Promise<NotificationRule> {
  return request<NotificationRule>('PATCH', rulePath(id), { body: changes });
}

/** Deletes a rule (204). */
export async function removeNotificationRule(id: string): Promise<void> {
  await request<void>('DELETE', rulePath(id));
}

/** The accounts a rule may name (admins only): ./users's, also exported here for the pages that import it from here. */
export { listUsers } from './users';

/** True when the role may manage notification rules (the server's rule: admins). */
export function canManageNotificationRules(role: string | undefined): boolean {
  return role === 'admin';
}
