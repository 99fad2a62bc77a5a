export { default } from './NotificationBell';
export type { NotificationBellProps } from './NotificationBell';
export { useNotifications, BELL_LINES, type Notifications } from './useNotifications';
