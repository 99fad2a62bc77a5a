-- nextDue: when the next pass is needed: the earliest next_run_at of the enabled schedules (schedules_next_run_idx),
-- or now when an enabled one holds a queued tick whose previous task is no longer pending or running
-- (schedules_queued_idx). A queued tick behind a running task is not counted: the task's end wakes the scheduler.
-- Params: none.
-- Returns: at (NULL when nothing is enabled), in_ms (at − the database's now).
SELECT d.at, (extract(epoch FROM d.at - now()) * 1000)::float8 AS in_ms
FROM (
  SELECT least(
    (SELECT min(next_run_at) FROM schedules WHERE enabled),
    (SELECT now() WHERE EXISTS (
      SELECT 1 FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
      WHERE s.enabled AND s.queued_for IS NOT NULL AND (t.status IS NULL OR t.status NOT IN ('pending', 'running'))))
  ) AS at
) AS d
