-- getSchedule: one schedule, with the status of its last task (NULL when there is none or it was deleted).
-- Params: $1 id.
-- Returns: the row and last_task_status.
SELECT s.*, t.status AS last_task_status
FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
WHERE s.id = $1
