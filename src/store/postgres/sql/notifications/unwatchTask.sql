-- unwatchTask: removes a user's watch of a task.
-- Params: $1 task_id, $2 user_id.
DELETE FROM task_watches WHERE task_id = $1 AND user_id = $2
