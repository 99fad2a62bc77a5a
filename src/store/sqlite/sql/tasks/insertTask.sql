-- insertTask: inserts one new task, pending (run once per task, in one transaction for a batch).
-- Params: @task_id, @task_type, @total, @message, @now (ms), @payload (JSON text), @metadata (JSON text),
--   @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key, @run_at (ms, not before @now),
--   @claim_key (ms: @run_at − the priority lead), @backoff (JSON text or NULL), @idempotency_key.
INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata,
  user_id, priority, max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff, idempotency_key)
VALUES (@task_id, @task_type, 'pending', @total, @message, @now, @payload, @metadata,
  @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key, @run_at, @claim_key, @backoff, @idempotency_key)
