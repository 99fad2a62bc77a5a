/**
 * The scheduler (issue 12): the service every node runs to fire the schedules' ticks exactly once, the schedule
 * routes, and the feature that puts them on a Taskcast. The pure cron core is src/schedules; design in
 * docs/schedules.md.
 */
export { schedulesFeature, type SchedulesFeatureDeps } from './schedulerFeature.js';
export { Scheduler, type SchedulerDeps } from './Scheduler.js';
export { ScheduleService, PREVIEW_RUNS } from './ScheduleService.js';
export type { ScheduleFields } from '../schedules/index.js';
export { SCHEDULER_DEFAULTS, DEFAULT_MISSED_CAP, type SchedulerSettings } from './defaults.js';
export { ScheduleNotFoundError } from './errors.js';
export { publicSchedule } from './toWire.js';
