-- listSchedules: every schedule, with the status of its last task, by name then id.
-- Params: none.
-- Returns: the rows and last_task_status.
SELECT s.*, t.status AS last_task_status
FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
ORDER BY s.name, s.id
