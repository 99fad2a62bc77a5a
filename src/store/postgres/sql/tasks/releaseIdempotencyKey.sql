-- releaseIdempotencyKey: a task finished before the window gives its idempotency key up for a new task.
-- Params: $1 task_id.
UPDATE tasks SET idempotency_key = NULL WHERE task_id = $1
