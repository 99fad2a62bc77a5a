/**
 * A minimal router over the History API (the app has five pages; a routing library would be most of
 * the code it replaces). Paths: /login, /transactions, /contractors, /tasks (`?task=<id>` opens that task's
 * progress; the list's filters and page are its query too), /tasks/<id> (one task's page), /schedules, /monitoring,
 * /notifications (the notification rules), /users (the accounts).
 */
import { useEffect, useState } from 'react';

/** The pages of the app. */
export const ROUTES = {
  login: '/login',
  transactions: '/transactions',
  contractors: '/contractors',
  tasks: '/tasks',
  schedules: '/schedules',
  monitoring: '/monitoring',
  notifications: '/notifications',
  users: '/users',
} as const;

/** The tasks page with the progress dialog of one task open. */
export function taskPath(taskId: string): string {
  return `${ROUTES.tasks}?task=${encodeURIComponent(taskId)}`;
}

/** The page of one task (`/tasks/<id>`). */
export function taskPagePath(taskId: string): string {
  return `${ROUTES.tasks}/${encodeURIComponent(taskId)}`;
}

/** The task of a task page's path (`/tasks/<id>`), or null for any other path. */
export function taskIdInPath(path: string): string | null {
  const match = /^\/tasks\/([^/]+)$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The task the tasks page was asked to open (`?task=<id>`), or null. */
export function taskInLocation(): string | null {
  return typeof window === 'undefined' ? null : new URLSearchParams(window.location.search).get('task');
}

const listeners = new Set<() => void>();

/** Goes to `path` (adds a history entry; `replace` replaces the current one). */
export function navigate(path: string, replace = false): void {
  if (typeof window === 'undefined' || window.location.pathname + window.location.search === path) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current path, re-rendering on navigation and on the browser's back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** The current query string (`?…`, or ''), re-rendering on navigation and on the browser's back and forward. */
export function useSearch(): string {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return search;
}
