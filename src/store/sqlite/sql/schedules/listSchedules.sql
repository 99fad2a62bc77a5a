-- listSchedules: every schedule by name then id, each with the status of its last task.
-- Params: none.
SELECT s.*, t.status AS last_task_status
FROM schedules s LEFT JOIN tasks t ON t.task_id = s.last_task_id
ORDER BY s.name, s.id
