/**
 * The task list's filters and page as the address's query (`/tasks?status=failed&page=2&size=50`), so a reload,
 * a shared link and the browser's Back keep them. Values that make no sense (an unknown status, page 0, a size the
 * list does not offer) are dropped as if absent, so a hand-edited address never breaks the page.
 */
import { TASK_LIST_ORDERS, TASK_STATUSES, type TaskListOrder, type TaskStatus } from '@/api/tasks';

/** The page sizes the list offers; the first is the default. */
export const PAGE_SIZES = [20, 50, 100] as const;

/** What the list shows. */
export interface TaskListQuery {
  taskType?: string;
  status?: TaskStatus;
  /** Who started it (a user id). */
  userId?: number;
  /** Created from this day (YYYY-MM-DD, local), included. */
  from?: string;
  /** Created up to this day (YYYY-MM-DD, local), included. */
  to?: string;
  /** A search by id. */
  taskId?: string;
  /** By creation: newest first (created_desc, the default, left out of the address) or oldest first. */
  order: TaskListOrder;
  /** From 1. */
  page: number;
  size: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a task id as the API takes it (a UUID). */
export function isTaskId(text: string): boolean {
  return UUID.test(text);
}

/** A positive whole number from query text, or undefined. */
function positive(text: string | null): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

/** The list's query from a location's search string (`?status=failed&page=2`). */
export function parseTaskListQuery(search: string): TaskListQuery {
  const q = new URLSearchParams(search);
  const status = q.get('status');
  const size = positive(q.get('size'));
  const from = q.get('from');
  const to = q.get('to');
  const id = q.get('id');
  const order = q.get('order');
  return {
    taskType: q.get('type') || undefined,
    status: status && (TASK_STATUSES as readonly string[]).includes(status) ? (status as TaskStatus) : undefined,
    userId: positive(q.get('user')),
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    taskId: id && isTaskId(id) ? id.toLowerCase() : undefined,
    order: order && (TASK_LIST_ORDERS as readonly string[]).includes(order) ? (order as TaskListOrder) : TASK_LIST_ORDERS[0],
    page: positive(q.get('page')) ?? 1,
    size: size !== undefined && (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
  };
}

/** The search string of a query (`?status=failed&page=2`, or '' for the plain list); defaults are left out. */
export function taskListSearch(query: TaskListQuery): string {
  const q = new URLSearchParams();
  if (query.taskType) q.set('type', query.taskType);
  if (query.status) q.set('status', query.status);
  if (query.userId !== undefined) q.set('user', String(query.userId));
  if (query.from) q.set('from', query.from);
  if (query.to) q.set('to', query.to);
  if (query.taskId) q.set('id', query.taskId);
  if (query.order !== TASK_LIST_ORDERS[0]) q.set('order', query.order);
  if (query.page > 1) q.set('page', String(query.page));
  if (query.size !== PAGE_SIZES[0]) q.set('size', String(query.size));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The start of a local day (YYYY-MM-DD) as ISO 8601 UTC; `plusDays` moves it (1: the next day's start). */
export function localDayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

/** The API's filters of a query: days become the local start of `from` and the start of the day after `to`. */
export function apiFilters(query: TaskListQuery) {
  return {
    status: query.status,
    userId: query.userId,
    taskId: query.taskId,
    createdFrom: query.from ? localDayStart(query.from) : undefined,
    createdTo: query.to ? localDayStart(query.to, 1) : undefined,
    offset: (query.page - 1) * query.size,
    order: query.order,
  };
}
