/**
 * The Tasks API of the specification ("Frontend компоненты → tasks.ts"): task status (with its attempts),
 * lists, cancellation, retries, clean-up, the two 1C sync starts and {@link TaskWebSocket}, the live updates of one task
 * or of every visible task. Names and shapes follow the specification, so its snippets compile as they are.
 */
import { ApiError, getToken, request, socketUrl } from './client';

import {
  isFinalStatus,
  type AppNotification,
  SYNC_TASK_TYPES,
  type BankSyncParams,
  type RetryManyResponse,
  type SyncStartResponse,
  type SyncTaskType,
  type Task,
  type TaskDetails,
  type TaskList,
  type TaskListOrder,
  type TaskLogLine,
  type TaskLogsResponse,
  type TaskSocketMessage,
  type TaskStatus,
} from '../../../src/wire/index.js';

// The wire shapes are defined once, in src/wire, and shared with the server.
export { FINAL_STATUSES, isFinalStatus, PRIORITY_MAX, PRIORITY_MIN, TASK_LIST_ORDERS, TASK_STATUSES } from '../../../src/wire/index.js';
export type {
  AttemptOutcome,
  BankSyncParams,
  Json,
  RetryManyResponse,
  SyncResult,
  SyncStartResponse,
  SyncTaskType,
  Task,
  TaskAttempt,
  TaskDetails,
  TaskList,
  TaskListOrder,
  TaskLogLevel,
  TaskLogLine,
  TaskLogsResponse,
  TaskStatus,
} from '../../../src/wire/index.js';

/** Every task type this UI knows by name. */
export const TASK_TYPES: readonly SyncTaskType[] = SYNC_TASK_TYPES;

/** More filters of {@link listTasks}. */
export interface ListTasksOptions {
  status?: TaskStatus;
  offset?: number;
  /** Who started it (a user id). */
  userId?: number;
  /** A search by id: only this task. */
  taskId?: string;
  /** Created at or after this time (ISO 8601 with a zone). */
  createdFrom?: string;
  /** Created before this time (exclusive; ISO 8601 with a zone). */
  createdTo?: string;
  /** created_desc (newest first, the server's default), created_asc (oldest first) or status (by status, then newest first). */
  order?: TaskListOrder;
}

/** The current state of a task with every attempt it made (404 when it does not exist or the caller may not see it). */
export function getTask(taskId: string): Promise<TaskDetails> {
  return request<TaskDetails>('GET', `/api/v1/tasks/${encodeURIComponent(taskId)}`);
}

/** A task's log lines after `since` (exclusive), oldest first, at most `limit` (the server's default 200, at most 1000). */
export function getTaskLogs(taskId: string, since = 0, limit?: number): Promise<TaskLogsResponse> {
  const query = new URLSearchParams({ since: String(since) });
  if (limit !== undefined) query.set('limit', String(limit));
  return request<TaskLogsResponse>('GET', `/api/v1/tasks/${encodeURIComponent(taskId)}/logs?${query.toString()}`);
}

/** The current state of a task, as the specification names it: {@link getTask}. */
export function getTaskStatus(taskId: string): Promise<Task> {
  return getTask(taskId);
}

/** The caller's visible tasks, newest first; `taskType` must be a known type (400 otherwise). */
export function listTasks(taskType?: string | null, limit = 20, options: ListTasksOptions = {}): Promise<TaskList> {
  return request<TaskList>('GET', '/api/v1/tasks', {
    query: {
      task_type: taskType ?? undefined,
      status: options.status,
      user_id: options.userId,
      task_id: options.taskId,
      created_from: options.createdFrom,
      created_to: options.createdTo,
      limit,
      offset: options.offset,
      order: options.order,
    },
  });
}

/** Asks a task to stop; answers the task (with `cancel_requested` or already cancelled), 409 when finished. */
export function cancelTask(taskId: string): Promise<Task> {
  return request<Task>('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/cancel`);
}

/**
 * Puts a failed or cancelled task back to pending as its next attempt (its history kept); answers the task.
 * 409 when it is pending, running or completed; 404 when the caller may not see it.
 */
export function retryTask(taskId: string): Promise<Task> {
  return request<Task>('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/retry`);
}

/** Which finished tasks {@link retryTasks} puts back. */
export interface RetryTasksOptions {
  /** Default `failed`. */
  status?: 'failed' | 'cancelled';
  /** One type only (a known one; 400 otherwise); all types when absent. */
  task_type?: string | null;
}

/** Puts back every failed (or cancelled) task, of a type or all (admin only); answers how many, spread over how long. */
export function retryTasks(options: RetryTasksOptions = {}): Promise<RetryManyResponse> {
  return request<RetryManyResponse>('POST', '/api/v1/tasks/retry', {
    query: { status: options.status ?? 'failed', task_type: options.task_type ?? undefined },
  });
}

/** Deletes finished tasks older than `maxAgeHours` (admin only); answers how many went. */
export function cleanupTasks(maxAgeHours = 24): Promise<{ deleted: number }> {
  return request<{ deleted: number }>('POST', '/api/v1/tasks/cleanup', { query: { max_age_hours: maxAgeHours } });
}

/**
 * When and how urgently a sync starts (both starts take it; the server's defaults when absent): `priority`
 * from {@link PRIORITY_MIN} to {@link PRIORITY_MAX} (default 0, higher first), `run_at` an ISO 8601 time with
 * a zone within a year (the task stays pending until then; default now).
 */
export interface SyncScheduling {
  priority?: number;
  run_at?: string;
}

/**
 * Starts a bank transactions sync (admin and manager). 409 (ApiError with `body.task_id`) when one is
 * already pending or running, 403 for the role `user`, 400 naming a wrong field.
 */
export function startAsyncBankTransactionsSync(params: BankSyncParams & SyncScheduling): Promise<SyncStartResponse> {
  return request<SyncStartResponse>('POST', '/api/v1/sync-1c/bank-transactions/sync-async', { body: params });
}

/** Starts a counterparties sync, now or as `scheduling` says; errors as for {@link startAsyncBankTransactionsSync}. */
export function startAsyncContractorsSync(scheduling: SyncScheduling = {}): Promise<SyncStartResponse> {
  return request<SyncStartResponse>('POST', '/api/v1/sync-1c/contractors/sync-async', { body: scheduling });
}

/** The id of the task already running when a sync start answered 409, else null. */
export function activeTaskIdOf(error: unknown): string | null {
  if (error instanceof ApiError && error.status === 409 && typeof error.body.task_id === 'string') return error.body.task_id;
  return null;
}

/** Why a task socket stopped: the close code and reason the browser reported (1006: refused or dropped). */
export class TaskSocketError extends Error {
  override readonly name = 'TaskSocketError';
  constructor(
    readonly code: number,
    readonly reason: string,
    /** Reconnection attempts since the last successful connection. */
    readonly attempt: number,
  ) {
    super(`Task socket closed (${code}${reason ? `: ${reason}` : ''})`);
  }
}

/** Settings of {@link TaskWebSocket}; the defaults suit the browser. */
export interface TaskWebSocketOptions {
  /** Called on every successful (re)connection. */
  onOpen?: () => void;
  /** One-task socket: called with the task's log lines as the server stores them. */
  onLog?: (items: TaskLogLine[]) => void;
  /** Called with each new line of the user's bell the server sends on the socket (`{type: 'notification'}`). */
  onNotification?: (notification: AppNotification) => void;
  /** Reconnect after an abnormal close. Default true. */
  reconnect?: boolean;
  /** First reconnection delay, doubled on every failed attempt up to `maxDelayMs`. Default 1000. */
  minDelayMs?: number;
  /** Default 30000. */
  maxDelayMs?: number;
  /** A `ping` is sent this often; no `pong` by the next one means the connection is dead. Default 20000. */
  heartbeatMs?: number;
}

/** A connection open this long before it dropped resets the backoff. */
const STABLE_MS = 10_000;

/**
 * Live updates of one task (`taskId`) or of every task the user may see (`null`). Sends the token,
 * reconnects with exponential backoff after an abnormal close and resumes a single task with `since`
 * (the last seq it saw), so no update is lost or repeated. A single-task socket stops by itself after
 * the task's final state. `onError` hears every abnormal close (the caller may fall back to polling).
 */
export class TaskWebSocket {
  readonly #taskId: string | null;
  readonly #onUpdate: (task: Task) => void;
  readonly #onError: ((error: TaskSocketError) => void) | undefined;
  readonly #options: Required<Omit<TaskWebSocketOptions, 'onOpen' | 'onLog' | 'onNotification'>> &
    Pick<TaskWebSocketOptions, 'onOpen' | 'onLog' | 'onNotification'>;
  #socket: WebSocket | null = null;
  #generation = 0;
  #stopped = true;
  #attempt = 0;
  #lastSeq = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  #awaitingPong = false;
  #openedAt = 0;

  constructor(
    taskId: string | null,
    onUpdate: (task: Task) => void,
    onError?: (error: TaskSocketError) => void,
    options: TaskWebSocketOptions = {},
  ) {
    this.#taskId = taskId;
    this.#onUpdate = onUpdate;
    this.#onError = onError;
    this.#options = { reconnect: true, minDelayMs: 1000, maxDelayMs: 30_000, heartbeatMs: 20_000, ...options };
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.#socket?.readyState === 1;
  }

  /** Opens the connection (once; later calls do nothing while it is running). */
  connect(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  /** Closes the connection for good: no reconnection, no more callbacks. */
  close(): void {
    this.#stopped = true;
    this.#clearTimers();
    this.#generation++;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) release(socket);
  }

  #url(): string {
    const path = this.#taskId === null ? '/api/v1/ws/tasks' : `/api/v1/ws/tasks/${encodeURIComponent(this.#taskId)}`;
    const params = new URLSearchParams();
    const token = getToken();
    if (token) params.set('token', token);
    if (this.#taskId !== null && this.#lastSeq > 0) params.set('since', String(this.#lastSeq));
    const query = params.toString();
    return socketUrl(query ? `${path}?${query}` : path);
  }

  #open(): void {
    const generation = ++this.#generation;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url());
    } catch {
      this.#dropped(generation, 1006, 'cannot connect');
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (generation !== this.#generation) return;
      this.#openedAt = Date.now();
      this.#startHeartbeat(generation);
      this.#options.onOpen?.();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (generation !== this.#generation) return;
      // The server answered: the connection works, so the backoff starts over.
      this.#attempt = 0;
      this.#received(String(event.data));
    };
    socket.onclose = (event: CloseEvent) => this.#dropped(generation, event.code, event.reason);
  }

  #received(text: string): void {
    let message: TaskSocketMessage;
    try {
      message = JSON.parse(text) as TaskSocketMessage;
    } catch {
      return;
    }
    if (message.type === 'pong') {
      this.#awaitingPong = false;
      return;
    }
    const notification = notificationOf(message);
    if (notification) {
      this.#options.onNotification?.(notification);
      return;
    }
    if (message.type === 'log') {
      if (message.task_id === this.#taskId) this.#options.onLog?.(message.items);
      return;
    }
    if (message.type !== 'task_update') return;
    const task = message.task;
    if (this.#taskId !== null) {
      if (task.seq <= this.#lastSeq) return;
      this.#lastSeq = task.seq;
    }
    this.#onUpdate(task);
    // Nothing follows a final state of a single task: free the connection.
    if (this.#taskId !== null && isFinalStatus(task.status) && !this.#stopped) this.close();
  }

  /** An abnormal end of the connection `generation`: report it and schedule the next attempt. */
  #dropped(generation: number, code: number, reason: string): void {
    if (generation !== this.#generation || this.#stopped) return;
    this.#generation++;
    this.#clearTimers();
    const socket = this.#socket;
    this.#socket = null;
    if (socket) release(socket);
    // A connection that stayed up a while counts as working, even if it carried nothing.
    if (this.#openedAt > 0 && Date.now() - this.#openedAt > STABLE_MS) this.#attempt = 0;
    this.#openedAt = 0;
    this.#onError?.(new TaskSocketError(code, reason, this.#attempt));
    if (!this.#options.reconnect || this.#stopped) return;
    const base = Math.min(this.#options.maxDelayMs, this.#options.minDelayMs * 2 ** this.#attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.#attempt++;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (!this.#stopped) this.#open();
    }, delay);
  }

  #startHeartbeat(generation: number): void {
    this.#awaitingPong = false;
    this.#heartbeatTimer = setInterval(() => {
      const socket = this.#socket;
      if (generation !== this.#generation || !socket) return;
      if (this.#awaitingPong) {
        this.#dropped(generation, 4000, 'no answer to ping');
        return;
      }
      this.#awaitingPong = true;
      socket.send(JSON.stringify({ type: 'ping' }));
    }, this.#options.heartbeatMs);
  }

  #clearTimers(): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#reconnectTimer = null;
    this.#heartbeatTimer = null;
  }
}

/** A socket message about a new bell line (`{type: 'notification', notification}`), or null for any other. */
export function notificationOf(message: unknown): AppNotification | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as { type?: unknown; notification?: unknown };
  if (m.type !== 'notification' || !m.notification || typeof m.notification !== 'object') return null;
  const n = m.notification as Partial<AppNotification>;
  return typeof n.id === 'string' && typeof n.title === 'string' ? (m.notification as AppNotification) : null;
}

/**
 * Detaches a socket and closes it. One still connecting is closed once open: closing during the
 * handshake is reported by browsers as an error ("closed before the connection is established").
 */
function release(socket: WebSocket): void {
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
  if (socket.readyState === 0) socket.onopen = () => socket.close(1000, 'closed by client');
  else {
    socket.onopen = null;
    if (socket.readyState === 1) socket.close(1000, 'closed by client');
  }
}
