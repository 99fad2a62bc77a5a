-- getTask: one task by id.
-- Params: $1 task_id.
SELECT * FROM tasks WHERE task_id = $1
