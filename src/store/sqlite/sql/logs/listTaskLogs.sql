-- listTaskLogs: a task's log lines after a seq, oldest first.
-- Params: @task_id, @since (exclusive), @limit.
SELECT seq, at, level, message, fields FROM task_logs WHERE task_id = @task_id AND seq > @since ORDER BY seq LIMIT @limit
