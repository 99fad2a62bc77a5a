-- updateSchedule: an edit, only while the stored version is @version: writes each column whose @set_<column> is
-- 1 (the others are kept), bumps version and sets updated_at to the database's now; returns the row, with its
-- last task's status. Nothing returned when the version moved on or the row is gone.
-- Params: @id, @version, and for each editable column @set_<column> (0/1) and @<column> (payload JSON text,
--   enabled 0/1, next_run_at and queued_for ms or NULL).
UPDATE schedules SET
  name = iif(@set_name, @name, name),
  task_type = iif(@set_task_type, @task_type, task_type),
  payload = iif(@set_payload, @payload, payload),
  cron = iif(@set_cron, @cron, cron),
  timezone = iif(@set_timezone, @timezone, timezone),
  enabled = iif(@set_enabled, @enabled, enabled),
  missed = iif(@set_missed, @missed, missed),
  missed_cap = iif(@set_missed_cap, @missed_cap, missed_cap),
  overlap = iif(@set_overlap, @overlap, overlap),
  next_run_at = iif(@set_next_run_at, @next_run_at, next_run_at),
  queued_for = iif(@set_queued_for, @queued_for, queued_for),
  last_error = iif(@set_last_error, @last_error, last_error),
  version = version + 1,
  updated_at = CAST(round(unixepoch('subsec') * 1000) AS INTEGER)
WHERE id = @id AND version = @version
RETURNING *, (SELECT t.status FROM tasks t WHERE t.task_id = schedules.last_task_id) AS last_task_status
