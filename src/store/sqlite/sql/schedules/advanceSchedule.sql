-- advanceSchedule: writes a pass's decision on the schedule it locked (lockDue); version and updated_at are kept,
-- so a pass never conflicts with an edit. Returns the row with its last task's status.
-- Params: @id, @next_run_at, @queued_for (ms or NULL), @last_run_at, @last_task_id (NULL keeps the stored one),
--   @last_error, @skipped (added to skipped_count).
UPDATE schedules SET
  next_run_at = @next_run_at,
  last_run_at = coalesce(@last_run_at, last_run_at),
  last_task_id = coalesce(@last_task_id, last_task_id),
  queued_for = @queued_for,
  last_error = @last_error,
  skipped_count = skipped_count + @skipped
WHERE id = @id
RETURNING *, (SELECT t.status FROM tasks t WHERE t.task_id = schedules.last_task_id) AS last_task_status
