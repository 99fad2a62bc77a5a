-- trimTaskLogs: drops a task's log lines up to a seq (the oldest past the bound).
-- Params: @task_id, @upto.
DELETE FROM task_logs WHERE task_id = @task_id AND seq <= @upto
