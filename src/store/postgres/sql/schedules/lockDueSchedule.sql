-- lockDueSchedule: a pass's first statement: the schedule, locked for the pass's transaction, if it is enabled and
-- still due (as dueSchedules judges it). SKIP LOCKED: a schedule another node is firing is passed over (no row),
-- and once that node committed, the advanced next_run_at no longer matches.
-- Params: $1 id.
-- Returns: the row, last_task_status and db_now (the database's clock); no row when not due, disabled, gone or locked.
SELECT s.*, t.status AS last_task_status, now() AS db_now
FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
WHERE s.id = $1 AND s.enabled
  AND (s.next_run_at <= now() OR (s.queued_for IS NOT NULL AND (t.status IS NULL OR t.status NOT IN ('pending', 'running'))))
FOR UPDATE OF s SKIP LOCKED
