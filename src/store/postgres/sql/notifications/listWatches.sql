-- listWatches: every watch of a task, by user.
-- Params: $1 task_id.
SELECT task_id, user_id, channels, created_at FROM task_watches WHERE task_id = $1 ORDER BY user_id
