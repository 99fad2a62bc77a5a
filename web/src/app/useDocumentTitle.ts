/** The document's title per page («Задачи — Taskcast»), so tabs, history and screen readers tell pages apart. */
import { useEffect } from 'react';
import { T } from '@/texts';
import { ROUTES } from './router';

const TITLES: Record<string, string> = {
  [ROUTES.transactions]: T.nav.transactions,
  [ROUTES.contractors]: T.nav.contractors,
  [ROUTES.tasks]: T.nav.tasks,
  [ROUTES.schedules]: T.nav.schedules,
  [ROUTES.monitoring]: T.nav.monitoring,
  [ROUTES.users]: T.nav.users,
  [ROUTES.notifications]: T.notifications.nav,
  [ROUTES.login]: T.login.title,
};

/** «<page> — Taskcast» for `path` (a task's page `/tasks/<id>` counts as «Задачи»); just «Taskcast» elsewhere. */
export function documentTitle(path: string): string {
  const page = TITLES[path] ?? (path.startsWith(`${ROUTES.tasks}/`) ? T.nav.tasks : undefined);
  return page ? `${page} — ${T.appName}` : T.appName;
}

/** Sets the document's title for `path` while the caller is shown. */
export function useDocumentTitle(path: string): void {
  useEffect(() => {
    document.title = documentTitle(path);
  }, [path]);
}
