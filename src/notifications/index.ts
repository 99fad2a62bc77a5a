/** Notifications (issue 15; docs/notifications.md): the outbox's port, the notifier, its channels and routes. */
export * from './port.js';
