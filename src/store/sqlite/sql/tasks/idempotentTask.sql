-- idempotentTask: the task of a type holding an idempotency key, if any (tasks_idempotency_idx).
-- Params: @task_type, @idempotency_key.
SELECT * FROM tasks WHERE task_type = @task_type AND idempotency_key = @idempotency_key
