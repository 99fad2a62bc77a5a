-- lastTaskLogSeq: the seq of a task's newest log line (0 for none); no row when the task does not exist.
-- Params: @task_id.
SELECT (SELECT coalesce(max(seq), 0) FROM task_logs WHERE task_id = @task_id) AS last FROM tasks WHERE task_id = @task_id
