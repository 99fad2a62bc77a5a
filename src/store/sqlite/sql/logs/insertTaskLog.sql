-- insertTaskLog: one log line of a task.
-- Params: @task_id, @seq, @at (ms), @level, @message, @fields (JSON text or NULL).
INSERT INTO task_logs (task_id, seq, at, level, message, fields) VALUES (@task_id, @seq, @at, @level, @message, @fields)
