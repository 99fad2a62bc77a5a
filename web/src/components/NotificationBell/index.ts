export { default } from './NotificationBell';
export type { NotificationBellProps } from './NotificationBell';
export { useNotifications, BELL_LINES, BELL_POLL_MS, type Notifications } from './useNotifications';
