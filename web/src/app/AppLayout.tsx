/** The frame of every page: the header with the brand, the navigation and the user menu. */
import {
  BankOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu } from 'antd';
import { useState, type ReactNode } from 'react';
import { canManageSchedules } from '@/api/auth';
import { canSeeMonitoring } from '@/api/metrics';
import { canManageNotificationRules } from '@/api/notifications';
import type { SessionUser } from '@/api/client';
import { canManageUsers } from '@/api/users';
import RunningTasks from '@/components/RunningTasks';
import NotificationBell from '@/components/NotificationBell';
import ProfileDialog from '@/components/ProfileDialog';
import ThemeSwitch from '@/components/ThemeSwitch';
import { T } from '@/texts';
import { navigate, ROUTES } from './router';
import { useDocumentTitle } from './useDocumentTitle';

/** Props of {@link AppLayout}. */
export interface AppLayoutProps {
  path: string;
  user: SessionUser;
  onLogout: () => void;
  children: ReactNode;
}

// On a phone the labels are hidden visually (icons only, so all of them fit) but stay the items' names.
const NAV = [
  { key: ROUTES.transactions, icon: <BankOutlined />, label: <span className="app__menu-label">{T.nav.transactions}</span> },
  { key: ROUTES.contractors, icon: <TeamOutlined />, label: <span className="app__menu-label">{T.nav.contractors}</span> },
  { key: ROUTES.tasks, icon: <ScheduleOutlined />, label: <span className="app__menu-label">{T.nav.tasks}</span> },
];
/** «Расписание», for admins and managers only. */
const SCHEDULES_NAV = {
  key: ROUTES.schedules,
  icon: <FieldTimeOutlined />,
  label: <span className="app__menu-label">{T.nav.schedules}</span>,
};
/**
 * The admins' pages, grouped under «Администрирование»: seven items side by side were wider than a 1440 px header,
 * and antd folded the last ones under «…», where nobody looks for them. In the group's popup the labels show on a
 * phone too.
 */
const ADMIN_GROUP = 'admin';
const MONITORING_NAV = { key: ROUTES.monitoring, icon: <DashboardOutlined />, label: T.nav.monitoring };
const NOTIFICATIONS_NAV = { key: ROUTES.notifications, icon: <NotificationOutlined />, label: T.notifications.nav };
const USERS_NAV = { key: ROUTES.users, icon: <IdcardOutlined />, label: T.nav.users };

/** The menu items `user` may open. */
function navFor(user: SessionUser) {
  const admin = [
    ...(canSeeMonitoring(user.role) ? [MONITORING_NAV] : []),
    ...(canManageNotificationRules(user.role) ? [NOTIFICATIONS_NAV] : []),
    ...(canManageUsers(user.role) ? [USERS_NAV] : []),
  ];
  const group = {
    key: ADMIN_GROUP,
    icon: <SettingOutlined />,
    label: <span className="app__menu-label">{T.nav.admin}</span>,
    children: admin,
  };
  return [...NAV, ...(canManageSchedules(user.role) ? [SCHEDULES_NAV] : []), ...(admin.length > 0 ? [group] : [])];
}

/** Header, navigation and the page below. */
export default function AppLayout({ path, user, onLogout, children }: AppLayoutProps) {
  const [profileOpen, setProfileOpen] = useState(false);
  useDocumentTitle(path);
  return (
    <Layout className="app">
      {/* The first stop of the keyboard: past the header's links straight to the page. */}
      <a className="skip-link" href="#main">
        {T.common.skipLink}
      </a>
      <Layout.Header className="app__header">
        <a
          className="app__brand"
          href={ROUTES.transactions}
          // On a phone the name is hidden and only the logo shows: the link still says where it goes.
          aria-label={T.appName}
          onClick={(e) => {
            e.preventDefault();
            navigate(ROUTES.transactions);
          }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{T.appName}</span>
        </a>
        <nav className="app__nav" aria-label={T.nav.menu}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[path.startsWith(`${ROUTES.tasks}/`) ? ROUTES.tasks : path]}
            items={navFor(user)}
            // A click (or Enter) opens the group, as on a phone, where there is no hover.
            triggerSubMenuAction="click"
            onClick={({ key }) => navigate(key)}
            className="app__menu"
          />
        </nav>
        <RunningTasks userId={user.id} />
        <NotificationBell userId={user.id} />
        <ThemeSwitch />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'who', label: `${user.username} · ${T.roles[user.role] ?? user.role}`, disabled: true },
              { key: 'profile', icon: <UserOutlined />, label: T.nav.profile },
              { type: 'divider' },
              { key: 'logout', icon: <LogoutOutlined />, label: T.nav.logout, danger: true },
            ],
            onClick: ({ key }) => (key === 'logout' ? onLogout() : key === 'profile' && setProfileOpen(true)),
          }}
        >
          <Button
            type="text"
            className="app__user"
            icon={<UserOutlined />}
            aria-label={`${user.username}, ${T.roles[user.role] ?? user.role}`}
          >
            <span className="app__user-name">{user.username}</span>
          </Button>
        </Dropdown>
        <ProfileDialog open={profileOpen} user={user} onClose={() => setProfileOpen(false)} />
      </Layout.Header>
      <Layout.Content id="main" tabIndex={-1} className="app__content">
        {children}
      </Layout.Content>
    </Layout>
  );
}
