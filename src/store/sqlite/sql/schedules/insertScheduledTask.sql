-- insertScheduledTask: inserts one task a pass decided, pending, as insertTask does; a row that meets any unique
-- key (the tick's idempotency key already used, a singleton type's task already pending or running) is not
-- inserted and not an error (changes = 0). Times are the database's now (the pass's).
-- Params: those of tasks/insertTask.sql (insertParams).
INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata,
  user_id, priority, max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff, idempotency_key)
VALUES (@task_id, @task_type, 'pending', @total, @message, @now, @payload, @metadata,
  @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key, @run_at, @claim_key, @backoff, @idempotency_key)
ON CONFLICT DO NOTHING
