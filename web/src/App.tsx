/**
 * The application: Russian locale and theme, the log-in gate (a 401 anywhere ends the session and
 * brings the log-in page back) and the pages behind the layout.
 */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import ruRU from 'antd/es/locale/ru_RU';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { logout } from '@/api/auth';
import { canManageSchedules } from '@/api/auth';
import { canSeeMonitoring } from '@/api/metrics';
import { canManageNotificationRules } from '@/api/notifications';
import { canManageUsers } from '@/api/users';
import { onSessionChange, type SessionUser } from '@/api/client';
import { themeFor } from '@/app/appTheme';
import AppLayout from '@/app/AppLayout';
import { ColorSchemeContext, useColorScheme } from '@/app/colorScheme';
import { navigate, ROUTES, taskIdInPath, usePath } from '@/app/router';
import { useSession } from '@/app/useSession';
import LoginPage from '@/pages/LoginPage';

// The pages behind the log-in load on first visit: the log-in page (what a new visitor sees first) does not
// wait for the tables, charts and date pickers; each page is its own cached file.
const TransactionsPage = lazy(() => import('@/pages/TransactionsPage'));
const ContractorsPage = lazy(() => import('@/pages/ContractorsPage'));
const TasksPage = lazy(() => import('@/pages/TasksPage'));
const TaskPage = lazy(() => import('@/pages/TaskPage'));
const SchedulesPage = lazy(() => import('@/pages/SchedulesPage'));
const MonitoringPage = lazy(() => import('@/pages/MonitoringPage'));
const NotificationRulesPage = lazy(() => import('@/pages/NotificationRulesPage'));
const UsersPage = lazy(() => import('@/pages/UsersPage'));

const PAGES: Record<string, () => React.ReactNode> = {
  [ROUTES.transactions]: () => <TransactionsPage />,
  [ROUTES.contractors]: () => <ContractorsPage />,
  [ROUTES.tasks]: () => <TasksPage />,
  [ROUTES.schedules]: () => <SchedulesPage />,
  [ROUTES.monitoring]: () => <MonitoringPage />,
  [ROUTES.notifications]: () => <NotificationRulesPage />,
  [ROUTES.users]: () => <UsersPage />,
};

/** The page of `path` if `user` may open it (schedules: admins and managers; monitoring, notifications, users: admins), else undefined. */
function pageFor(path: string, user: SessionUser | undefined): (() => React.ReactNode) | undefined {
  if (path === ROUTES.schedules && !canManageSchedules(user?.role)) return undefined;
  if (path === ROUTES.monitoring && !canSeeMonitoring(user?.role)) return undefined;
  if (path === ROUTES.notifications && !canManageNotificationRules(user?.role)) return undefined;
  if (path === ROUTES.users && !canManageUsers(user?.role)) return undefined;
  const taskId = taskIdInPath(path);
  if (taskId) return () => <TaskPage key={taskId} taskId={taskId} />;
  return PAGES[path];
}

/** Picks the page for the path; redirects between the log-in page and the app as the session says. */
function Shell() {
  const session = useSession();
  const path = usePath();
  const [expired, setExpired] = useState(false);
  const loggingOut = useRef(false);

  useEffect(
    () =>
      onSessionChange((s) => {
        if (s) setExpired(false);
        else if (!loggingOut.current) setExpired(true);
        loggingOut.current = false;
      }),
    [],
  );

  useEffect(() => {
    if (!session && path !== ROUTES.login) {
      navigate(`${ROUTES.login}?next=${encodeURIComponent(path + window.location.search)}`, true);
    } else if (session && (path === ROUTES.login || !pageFor(path, session.user))) {
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && pageFor(next.split('?')[0]!, session.user) ? next : ROUTES.transactions, true);
    }
  }, [session, path]);

  if (!session) return <LoginPage expired={expired} />;
  const page = pageFor(path, session.user);
  return (
    <AppLayout
      path={path}
      user={session.user}
      onLogout={() => {
        loggingOut.current = true;
        logout();
      }}
    >
      <Suspense fallback={<Spin className="page-loading" size="large" />}>{page ? page() : null}</Suspense>
    </AppLayout>
  );
}

/** True when the user asked the system for less motion (antd's animations are then turned off). */
function prefersReducedMotion(): boolean {
  return (
    typeof window !== 'undefined' &&
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

/** The root component: antd's theme follows the colour scheme (the system's, or the one picked in the header). */
export default function App() {
  const [reducedMotion] = useState(prefersReducedMotion);
  const { choice, scheme, setChoice } = useColorScheme();
  const theme = useMemo(() => themeFor(scheme, reducedMotion), [scheme, reducedMotion]);
  const control = useMemo(() => ({ choice, setChoice }), [choice, setChoice]);
  return (
    <ColorSchemeContext.Provider value={control}>
      <ConfigProvider locale={ruRU} theme={theme}>
        <AntApp>
          <Shell />
        </AntApp>
      </ConfigProvider>
    </ColorSchemeContext.Provider>
  );
}
