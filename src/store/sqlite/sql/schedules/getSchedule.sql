-- getSchedule: one schedule by id, with the status of its last task (NULL when none, or deleted).
-- Params: ? id.
SELECT s.*, t.status AS last_task_status
FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
WHERE s.id = ?
