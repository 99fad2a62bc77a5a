import { TaskcastError } from '../engine/index.js';

/** No schedule has this id, or the caller may not see it (answered the same way). */
export class ScheduleNotFoundError extends TaskcastError {
  constructor(readonly scheduleId: string) {
    super('SCHEDULE_NOT_FOUND', 'Schedule not found');
  }
}
