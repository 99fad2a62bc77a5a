-- runningTasks: every running task, as the stuck scan sees it.
-- Params: none.
SELECT task_id, task_type, attempt, seq, user_id FROM tasks WHERE status = 'running' ORDER BY task_id
