/**
 * Follows one task: over its WebSocket first; when the socket fails or closes abnormally, by polling
 * `GET /api/v1/tasks/{id}` every `pollIntervalMs` until the task reaches a final state. The socket keeps
 * reconnecting meanwhile and its updates still count, but polling stays on: a socket that fails once
 * (a proxy that drops it, a flaky network) is not trusted again for this task, so the view never flaps
 * between the two. Updates are applied in `seq` order only, so a late poll never overwrites a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { getTaskStatus, isFinalStatus, TaskWebSocket, type Task } from '../../api/tasks';

/** How the task is being followed right now. */
export type Transport = 'socket' | 'polling' | 'idle';

/** Settings of {@link useTaskTracking}. */
export interface TrackingOptions {
  useWebSocket: boolean;
  /** Polling interval, ms (the specification's 2 s by default). */
  pollIntervalMs: number;
}

/** What {@link useTaskTracking} gives. */
export interface Tracking {
  task: Task | null;
  /** The last error reading the task (404: it no longer exists), null when the last read worked. */
  error: ApiError | null;
  transport: Transport;
  /** Applies a task state obtained elsewhere (e.g. the answer of a cancel), if it is newer. */
  apply: (task: Task) => void;
}

interface State {
  taskId: string | null;
  task: Task | null;
  error: ApiError | null;
  transport: Transport;
}

/** Live state of the task `taskId` (null: nothing to follow). */
export function useTaskTracking(taskId: string | null, { useWebSocket, pollIntervalMs }: TrackingOptions): Tracking {
  const [state, setState] = useState<State>({ taskId, task: null, error: null, transport: 'idle' });
  const applyRef = useRef<(task: Task) => void>(() => {});

  useEffect(() => {
    setState({ taskId, task: null, error: null, transport: 'idle' });
    if (!taskId) return;
    let disposed = false;
    let final = false;
    let polling = false;
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
      current = task;
      patch({ task, error: null });
      if (isFinalStatus(task.status)) {
        final = true;
        stopPolling();
        socket?.close();
        patch({ transport: 'idle' });
      }
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
        apply(await getTaskStatus(taskId));
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
    applyRef.current = apply;

    if (useWebSocket) {
      socket = new TaskWebSocket(taskId, apply, () => startPolling(), {
        onOpen: () => {
          if (!final && !polling) patch({ transport: 'socket' });
        },
      });
      socket.connect();
      // The first state without waiting for the handshake; the socket's snapshot is dropped if not newer.
      getTaskStatus(taskId).then(apply, failed);
    } else {
      startPolling();
    }
    return () => {
      disposed = true;
      stopPolling();
      socket?.close();
    };
  }, [taskId, useWebSocket, pollIntervalMs]);

  const apply = useCallback((task: Task) => applyRef.current(task), []);
  const current = state.taskId === taskId ? state : { task: null, error: null, transport: 'idle' as const };
  return { task: current.task, error: current.error, transport: current.transport, apply };
}
