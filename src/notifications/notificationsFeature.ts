/**
 * Notifications as a feature (issue 15, docs/notifications.md): this node's notifier (every node may run one; each
 * delivery is still sent once) and the routes of rules, watches and the bell. The server uses it like the schedules;
 * an embedding application may too, on a storage that has `notifications` (both of Taskcast's stores do).
 */
import type { Feature, FeatureDeps, UserMessages } from '../api/index.js';
import type { UserStore } from '../auth/index.js';
import type { TaskRow } from '../engine/index.js';
import { NOTIFIER_DEFAULTS, type NotifierSettings } from './defaults.js';
import { liveChannels } from './liveChannels.js';
import { Notifier, type NotifierChannels } from './Notifier.js';
import type { Recipient } from './planEvent.js';
import type { NotificationStore, NotificationWatcher } from './port.js';
import { notificationRoutes } from './routes/notificationRoutes.js';

/** What the feature needs besides the engine. */
export interface NotificationsFeatureDeps extends FeatureDeps {
  storage: {
    readonly notifications: NotificationStore;
    watchNotifications: NotificationWatcher;
    readonly tasks: { getTask(taskId: string): Promise<TaskRow | null> };
    readonly users: UserStore;
  };
  /** Unset ones: NOTIFIER_DEFAULTS. */
  notifications?: Partial<NotifierSettings>;
  /** Where the bell's lines go live (createTaskcast gives it). */
  userMessages?: UserMessages;
  /** Other peers than SMTP_URL's and the webhooks' (tests): default, the real channels. */
  channels?: NotifierChannels;
}

/** The users as the planner needs them (e-mail and disabled when the accounts have them). */
async function recipients(users: UserStore): Promise<Recipient[]> {
  const rows = await users.listUsers();
  return rows.map((u) => {
    const row = u as typeof u & { email?: string | null; disabled?: boolean };
    return { id: row.id, role: row.role, email: row.email ?? null, disabled: row.disabled ?? false };
  });
}

export const notificationsFeature: Feature<NotificationsFeatureDeps> = {
  name: 'notifications',
  setup({ engine, logger, storage, notifications: options, userMessages, channels }) {
    const settings: NotifierSettings = { ...NOTIFIER_DEFAULTS, ...options };
    const notifier = settings.enabled
      ? new Notifier({
          store: storage.notifications,
          watch: storage.watchNotifications,
          engine,
          getTask: (id) => storage.tasks.getTask(id),
          listUsers: () => recipients(storage.users),
          channels: channels ?? liveChannels(settings),
          onAppNotification: (userId, notification) => userMessages?.publish(userId, { type: 'notification', notification }),
          logger,
          settings,
        })
      : null;
    notifier?.start();
    if (!notifier) logger.info({}, 'the notifier is off on this node (TASKCAST_NOTIFIER=false): other nodes send the notifications');
    return {
      routes: (app, ctx) =>
        notificationRoutes(app, ctx, {
          store: storage.notifications,
          knownType: (taskType) => engine.types.has(taskType),
          userExists: async (id) => (await storage.users.getUserById(id)) !== null,
          poke: () => notifier?.poke(),
        }),
      close: async () => {
        await notifier?.stop();
      },
    };
  },
};
