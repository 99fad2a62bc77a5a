/** Notifications (issue 15; docs/notifications.md): the outbox's port, the notifier, its channels and routes. */
export * from './port.js';
export { NOTIFIER_DEFAULTS, type NotifierSettings } from './defaults.js';
export { notificationsFeature, type NotificationsFeatureDeps } from './notificationsFeature.js';
export { Notifier, type NotifierChannels, type NotifierDeps } from './Notifier.js';
export { planEvent, type PlanInput, type Recipient } from './planEvent.js';
export { NotificationRuleNotFoundError, NotWatchingError, AppNotificationNotFoundError } from './errors.js';
