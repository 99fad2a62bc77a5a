-- getTask: one task by id.
-- Params: ? task_id.
SELECT * FROM tasks WHERE task_id = ?
