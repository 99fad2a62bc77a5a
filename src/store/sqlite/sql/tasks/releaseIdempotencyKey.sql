-- releaseIdempotencyKey: a task finished before the idempotency window gives up its key for a new task (not a
-- change subscribers see: seq stays).
-- Params: ? task_id.
UPDATE tasks SET idempotency_key = NULL WHERE task_id = ?
