-- dueSchedules: the enabled schedules due by the database's clock: next_run_at passed, or a queued tick whose
-- previous task is no longer pending or running; earliest first (by the due tick), then by id.
-- Params: $1 limit.
-- Returns: id.
SELECT id FROM (
  SELECT id, next_run_at AS due_at FROM schedules WHERE enabled AND next_run_at <= now()
  UNION ALL
  SELECT s.id, s.queued_for FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
  WHERE s.enabled AND s.queued_for IS NOT NULL AND (t.status IS NULL OR t.status NOT IN ('pending', 'running'))
) AS due
GROUP BY id
ORDER BY min(due_at), id
LIMIT $1
