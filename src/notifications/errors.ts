import { TaskcastError } from '../engine/index.js';

/** No notification rule has this id. */
export class NotificationRuleNotFoundError extends TaskcastError {
  constructor(readonly ruleId: string) {
    super('NOTIFICATION_RULE_NOT_FOUND', 'Notification rule not found');
  }
}

/** The caller does not watch this task (GET/DELETE /api/v1/tasks/{id}/notify). */
export class NotWatchingError extends TaskcastError {
  constructor(readonly taskId: string) {
    super('NOT_WATCHING', 'You have not asked to be told when this task ends');
  }
}

/** No unread bell line of the caller has this id. */
export class AppNotificationNotFoundError extends TaskcastError {
  constructor(readonly notificationId: string) {
    super('NOTIFICATION_NOT_FOUND', 'Notification not found');
  }
}
