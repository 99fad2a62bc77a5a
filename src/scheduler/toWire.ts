import { describe } from '../schedules/index.js';
import type { ScheduleRow } from '../schedules/index.js';
import type { Schedule } from '../wire/index.js';

/** A stored schedule as the API returns it: the row, with its expression described in Russian. */
export function publicSchedule(row: ScheduleRow): Schedule {
  return { ...row, description: describe(row.cron) };
}
