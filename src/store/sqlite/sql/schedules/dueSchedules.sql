-- dueSchedules: ids of the enabled schedules due by the database's clock, earliest first, at most @limit: those
-- whose next_run_at has passed (schedules_next_run_idx), and those holding a queued tick whose previous task is no
-- longer pending or running (schedules_queued_idx). A schedule both ways counts once, at its earlier time.
-- Params: @limit.
WITH clock (now) AS (SELECT CAST(round(unixepoch('subsec') * 1000) AS INTEGER)),
due (id, at) AS (
  SELECT id, next_run_at FROM schedules INDEXED BY schedules_next_run_idx, clock
  WHERE enabled = 1 AND next_run_at <= clock.now
  UNION ALL
  SELECT s.id, s.queued_for FROM schedules s INDEXED BY schedules_queued_idx
  WHERE s.enabled = 1 AND s.queued_for IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = s.last_task_id AND t.status IN ('pending', 'running'))
)
SELECT id FROM due GROUP BY id ORDER BY min(at), id LIMIT @limit
