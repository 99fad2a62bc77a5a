-- nextDue: when the next pass is needed, by the database's clock: the earliest next_run_at of the enabled
-- schedules (the first entry of schedules_next_run_idx past its NULLs), or now when an enabled schedule holds a
-- queued tick whose previous task is no longer pending or running (schedules_queued_idx, almost always empty).
-- Returns at (ms; NULL when neither exists) and now (ms).
-- Params: none.
WITH clock (now) AS (SELECT CAST(round(unixepoch('subsec') * 1000) AS INTEGER)),
due (at) AS (
  SELECT * FROM (SELECT next_run_at FROM schedules INDEXED BY schedules_next_run_idx
    WHERE enabled = 1 AND next_run_at IS NOT NULL ORDER BY next_run_at LIMIT 1)
  UNION ALL
  SELECT now FROM clock WHERE EXISTS (SELECT 1 FROM schedules s INDEXED BY schedules_queued_idx
    WHERE s.enabled = 1 AND s.queued_for IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = s.last_task_id AND t.status IN ('pending', 'running')))
)
SELECT (SELECT min(at) FROM due) AS at, now FROM clock
