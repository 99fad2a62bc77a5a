-- lockDue: a pass's read of one schedule inside its BEGIN IMMEDIATE transaction (the write lock is already held,
-- so no other pass can fire it until this one commits): the row, with its last task's status and the database's
-- now (ms), only if it is enabled and still due (as dueSchedules judges); nothing otherwise.
-- Params: ? id.
WITH clock (now) AS (SELECT CAST(round(unixepoch('subsec') * 1000) AS INTEGER))
SELECT s.*, t.status AS last_task_status, clock.now AS db_now
FROM schedules s CROSS JOIN clock LEFT JOIN tasks t ON t.task_id = s.last_task_id
WHERE s.id = ? AND s.enabled = 1
  AND (s.next_run_at <= clock.now OR (s.queued_for IS NOT NULL AND coalesce(t.status NOT IN ('pending', 'running'), 1)))
