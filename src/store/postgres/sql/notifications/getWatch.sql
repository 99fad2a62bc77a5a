-- getWatch: a user's watch of a task.
-- Params: $1 task_id, $2 user_id.
SELECT task_id, user_id, channels, created_at FROM task_watches WHERE task_id = $1 AND user_id = $2
