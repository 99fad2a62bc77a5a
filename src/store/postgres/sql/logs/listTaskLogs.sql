-- listTaskLogs: a task's log lines after a seq, oldest first.
-- Params: $1 task_id, $2 since (exclusive), $3 limit.
SELECT seq::double precision AS seq, at, level, message, fields FROM task_logs WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
