/**
 * Follows one task: over its WebSocket first; when the socket fails or closes abnormally, by polling
 * `GET /api/v1/tasks/{id}` every `pollIntervalMs` until the task reaches a final state. The socket keeps
 * reconnecting meanwhile and its updates still count, but polling stays on: a socket that fails once
 * (a proxy that drops it, a flaky network) is not trusted again for this task, so the view never flaps
 * between the two. Updates are applied in `seq` order only, so a late poll never overwrites a newer one.
 * A task that leaves its final state (a retry puts it back to pending) is followed again from there.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { getTask, isFinalStatus, TaskWebSocket, type Task, type TaskDetails, type TaskLogLine } from '../../api/tasks';

/** How the task is being followed right now. */
export type Transport = 'socket' | 'polling' | 'idle';

/** Settings of {@link useTaskTracking}. */
export interface TrackingOptions {
  useWebSocket: boolean;
  /** Polling interval, ms (the specification's 2 s by default). */
  pollIntervalMs: number;
  /** The task's log lines the socket brings. */
  onLog?: (items: TaskLogLine[]) => void;
  /** The socket (re)connected: lines stored meanwhile came only over HTTP. */
  onConnected?: () => void;
}

/** What {@link useTaskTracking} gives. */
export interface Tracking {
  task: Task | null;
  /** The last error reading the task (404: it no longer exists), null when the last read worked. */
  error: ApiError | null;
  transport: Transport;
  /** The task as last read over HTTP, with its attempts (null before the first read). */
  details: TaskDetails | null;
  /**
   * Applies a task state obtained elsewhere (e.g. the answer of a cancel), if it is newer; a state that is not
   * final after a final one (the answer of a retry) starts following the task again.
   */
  apply: (task: Task) => void;
}

interface State {
  taskId: string | null;
  task: Task | null;
  error: ApiError | null;
  transport: Transport;
  details: TaskDetails | null;
}

/** Live state of the task `taskId` (null: nothing to follow). */
export function useTaskTracking(taskId: string | null, { useWebSocket, pollIntervalMs, onLog, onConnected }: TrackingOptions): Tracking {
  const [state, setState] = useState<State>({ taskId, task: null, error: null, transport: 'idle', details: null });
  const applyRef = useRef<(task: Task) => void>(() => {});
  // Read through refs: new callbacks do not reopen the socket.
  const onLogRef = useRef(onLog);
  onLogRef.current = onLog;
  const onConnectedRef = useRef(onConnected);
  onConnectedRef.current = onConnected;

  useEffect(() => {
    setState({ taskId, task: null, error: null, transport: 'idle', details: null });
    if (!taskId) return;
    let disposed = false;
    let final = false;
    let polling = false;
    // Set once the socket failed: from then on this task is polled, also when it is followed again after a retry.
    let socketFailed = false;
    let detailsSeq = 0;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    let current: Task | null = null;
    let socket: TaskWebSocket | null = null;

    const patch = (next: Partial<State>) => {
      if (!disposed) setState((s) => (s.taskId === taskId ? { ...s, ...next } : s));
    };
    const stopPolling = () => {
      polling = false;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
    };
    const apply = (task: Task) => {
      if (disposed || task.task_id !== taskId) return;
      if (current && task.seq <= current.seq) return;
      const resumed = final && !isFinalStatus(task.status);
      current = task;
      patch({ task, error: null });
      if (isFinalStatus(task.status)) {
        final = true;
        stopPolling();
        socket?.close();
        patch({ transport: 'idle' });
      } else if (resumed) {
        final = false;
        follow();
      }
    };
    /** One HTTP read: the details are kept (when not older than what is shown), the state applied. */
    const read = async () => {
      const details = await getTask(taskId);
      if (disposed || details.task_id !== taskId) return;
      if (details.seq > detailsSeq && (!current || details.seq >= current.seq)) {
        detailsSeq = details.seq;
        patch({ details });
      }
      apply(details);
    };
    const failed = (err: unknown) => {
      if (disposed) return;
      const error = err instanceof ApiError ? err : new ApiError(0, String(err));
      patch({ error });
      // A task that is gone (or now hidden) will not come back: stop following it.
      if (error.status === 404 || error.status === 401) {
        final = true;
        stopPolling();
        socket?.close();
        patch({ transport: 'idle' });
      }
    };
    const poll = async () => {
      pollTimer = null;
      if (disposed || final || !polling) return;
      try {
        await read();
      } catch (err) {
        failed(err);
      }
      if (!disposed && !final && polling) pollTimer = setTimeout(() => void poll(), pollIntervalMs);
    };
    const startPolling = () => {
      if (polling || final || disposed) return;
      polling = true;
      patch({ transport: 'polling' });
      void poll();
    };
    /** Follows the task: over its socket (and by polling once the socket has failed), or by polling only. */
    const follow = () => {
      if (!useWebSocket) {
        startPolling();
        return;
      }
      socket?.close();
      socket = new TaskWebSocket(
        taskId,
        apply,
        () => {
          socketFailed = true;
          startPolling();
        },
        {
          onOpen: () => {
            if (!final && !polling) patch({ transport: 'socket' });
            onConnectedRef.current?.();
          },
          onLog: (items) => {
            if (!disposed) onLogRef.current?.(items);
          },
        },
      );
      socket.connect();
      if (socketFailed) startPolling();
    };
    applyRef.current = apply;

    follow();
    // The first state without waiting for the handshake; the socket's snapshot is dropped if not newer.
    if (useWebSocket) read().catch(failed);
    return () => {
      disposed = true;
      stopPolling();
      socket?.close();
    };
  }, [taskId, useWebSocket, pollIntervalMs]);

  const apply = useCallback((task: Task) => applyRef.current(task), []);
  const current = state.taskId === taskId ? state : { task: null, error: null, transport: 'idle' as const, details: null };
  return { task: current.task, error: current.error, transport: current.transport, details: current.details, apply };
}
