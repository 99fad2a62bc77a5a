/**
 * Scheduled tasks as a feature (issue 12): the node's scheduler (every node runs one; each tick still fires once)
 * and the `/api/v1/schedules` routes. The server uses it like the 1C sync; an embedding application may too, on a
 * storage that has `schedules` (both of Taskcast's stores do).
 */
import type { Feature, FeatureDeps } from '../api/index.js';
import type { ScheduleStore, ScheduleWatcher } from '../schedules/index.js';
import { SCHEDULER_DEFAULTS, type SchedulerSettings } from './defaults.js';
import { scheduleRoutes } from './routes/scheduleRoutes.js';
import { Scheduler } from './Scheduler.js';
import { ScheduleService } from './ScheduleService.js';

/** What the feature needs besides the engine: the schedules' store, and its settings (unset ones: SCHEDULER_DEFAULTS). */
export interface SchedulesFeatureDeps extends FeatureDeps {
  storage: { readonly schedules: ScheduleStore; watchSchedules: ScheduleWatcher };
  scheduler?: Partial<SchedulerSettings>;
}

export const schedulesFeature: Feature<SchedulesFeatureDeps> = {
  name: 'schedules',
  setup({ engine, logger, storage, scheduler: options }) {
    const settings: SchedulerSettings = { ...SCHEDULER_DEFAULTS, ...options };
    const scheduler = settings.enabled
      ? new Scheduler({ store: storage.schedules, watch: storage.watchSchedules, engine, logger, settings })
      : null;
    const service = new ScheduleService(storage.schedules, engine, settings, () => scheduler?.poke());
    scheduler?.start();
    if (!scheduler) logger.info({}, 'the scheduler is off on this node (TASKCAST_SCHEDULER=false): other nodes fire the schedules');
    return {
      routes: (app) =>
        scheduleRoutes(app, {
          service,
          sharedTypes: () => engine.types.sharedNames(),
          knownType: (taskType) => engine.types.has(taskType),
          maxMissedCap: settings.maxMissedCap,
        }),
      close: async () => {
        await scheduler?.stop();
      },
    };
  },
};
