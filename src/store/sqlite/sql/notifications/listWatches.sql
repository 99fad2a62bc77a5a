-- listWatches: every watch of a task, by user.
-- Params: ? task_id.
SELECT task_id, user_id, channels, created_at FROM task_watches WHERE task_id = ? ORDER BY user_id
