-- insertSchedule: stores a new schedule at version 1, created and updated at the database's now; returns it
-- (a new schedule has no task yet, so no last task status).
-- Params: @id, @name, @task_type, @payload (JSON text), @cron, @timezone, @enabled (0/1), @missed, @missed_cap,
--   @overlap, @next_run_at (ms or NULL), @created_by.
INSERT INTO schedules (id, name, task_type, payload, cron, timezone, enabled, missed, missed_cap, overlap,
  next_run_at, created_by, created_at, updated_at, version)
VALUES (@id, @name, @task_type, @payload, @cron, @timezone, @enabled, @missed, @missed_cap, @overlap,
  @next_run_at, @created_by, CAST(round(unixepoch('subsec') * 1000) AS INTEGER),
  CAST(round(unixepoch('subsec') * 1000) AS INTEGER), 1)
RETURNING *, NULL AS last_task_status
