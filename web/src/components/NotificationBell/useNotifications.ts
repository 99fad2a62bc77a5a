/**
 * The signed-in user's bell: the latest lines and the unread count, read over HTTP at first, after every
 * (re)connection of the socket and every `pollIntervalMs` (lines written while it was down or on another node arrive
 * that way), and new lines live over the task socket of every visible task (`{type: 'notification'}`); each new line
 * is also handed to `onArrive` (the toast).
 * Marking read updates the list at once and the count from the server's answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/api/client';
import {
  isWithoutNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type AppNotification,
} from '@/api/notifications';
import { TaskWebSocket } from '@/api/tasks';

/** How many lines the bell shows. */
export const BELL_LINES = 20;

/**
 * How often the list is read again, ms: a line written on another node of a cluster reaches only that node's sockets
 * (docs/notifications.md), and a line read in another tab changes the count.
 */
export const BELL_POLL_MS = 30_000;

/** What {@link useNotifications} gives. */
export interface Notifications {
  /** Newest first, at most {@link BELL_LINES}. */
  lines: AppNotification[];
  unread: number;
  /** Why the last read failed, or null. */
  error: ApiError | null;
  /** False once the server answered that it has no notifications (an embedding application's): no bell then. */
  available: boolean;
  loading: boolean;
  /** Marks one line read (nothing when it already is). */
  markRead: (id: string) => Promise<void>;
  /** Marks every line read. */
  markAllRead: () => Promise<void>;
  /** Reads the list again. */
  refresh: () => void;
}

/** The bell of the user `userId` (null: nobody signed in, nothing is read). */
export function useNotifications(
  userId: number | null,
  onArrive?: (line: AppNotification) => void,
  pollIntervalMs = BELL_POLL_MS,
): Notifications {
  const [lines, setLines] = useState<AppNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [available, setAvailable] = useState(true);
  const onArriveRef = useRef(onArrive);
  onArriveRef.current = onArrive;
  const refreshRef = useRef<() => void>(() => {});
  const linesRef = useRef(lines);
  linesRef.current = lines;

  useEffect(() => {
    setLines([]);
    setUnread(0);
    setError(null);
    setAvailable(true);
    if (userId === null) return;
    let disposed = false;
    // A read answered after a newer one started is dropped.
    let generation = 0;
    let loaded = false;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      const mine = ++generation;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = setTimeout(refresh, pollIntervalMs);
      setLoading(true);
      listNotifications({ limit: BELL_LINES }).then(
        (list) => {
          if (disposed || mine !== generation) return;
          // After the first read, a new unread line a read brings (the socket missed it) is announced as well.
          const fresh = list.notifications.filter((line) => !seen.has(line.id));
          for (const line of list.notifications) seen.add(line.id);
          if (loaded) for (const line of fresh.reverse()) if (!line.read_at) onArriveRef.current?.(line);
          loaded = true;
          setLines(list.notifications);
          setUnread(list.unread);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (disposed || mine !== generation) return;
          if (isWithoutNotifications(err)) {
            // Nothing will come over the socket or a later read either.
            if (pollTimer) clearTimeout(pollTimer);
            pollTimer = null;
            socket.close();
            setAvailable(false);
          }
          setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
          setLoading(false);
        },
      );
    };
    refreshRef.current = refresh;
    // Every line shown or announced: one the socket repeats (or a read already brought) is neither counted nor
    // announced twice.
    const seen = new Set<string>();
    const arrived = (line: AppNotification) => {
      if (disposed || seen.has(line.id)) return;
      seen.add(line.id);
      setLines((current) => [line, ...current.filter((l) => l.id !== line.id)].slice(0, BELL_LINES));
      if (!line.read_at) setUnread((n) => n + 1);
      onArriveRef.current?.(line);
    };
    const socket = new TaskWebSocket(null, () => {}, undefined, { onOpen: refresh, onNotification: arrived });
    socket.connect();
    refresh();
    return () => {
      disposed = true;
      if (pollTimer) clearTimeout(pollTimer);
      socket.close();
    };
  }, [userId, pollIntervalMs]);

  const markRead = useCallback(async (id: string) => {
    if (!linesRef.current.some((l) => l.id === id && !l.read_at)) return;
    const now = new Date().toISOString();
    setLines((current) => current.map((l) => (l.id === id && !l.read_at ? { ...l, read_at: now } : l)));
    setUnread((n) => Math.max(0, n - 1));
    try {
      await markNotificationRead(id);
    } catch (err) {
      // 404: read meanwhile (another tab) or gone; either way not unread, and the list is read again below.
      if (!(err instanceof ApiError && err.status === 404)) setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
      refreshRef.current();
    }
  }, []);

  const markAllRead = useCallback(async () => {
    try {
      await markAllNotificationsRead();
      const now = new Date().toISOString();
      setLines((current) => current.map((l) => (l.read_at ? l : { ...l, read_at: now })));
      setUnread(0);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
    // A line that came meanwhile is unread again on the server: read the true count.
    refreshRef.current();
  }, []);

  const refresh = useCallback(() => refreshRef.current(), []);
  return { lines, unread, error, available, loading, markRead, markAllRead, refresh };
}
