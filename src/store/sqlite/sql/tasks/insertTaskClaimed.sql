-- insertTaskClaimed: inserts one new task already running, claimed by the inserting runner (attempt 1, leased).
-- Params: those of insertTask (@task_id, @task_type, @total, @message, @now (ms), @payload, @metadata, @user_id,
--   @priority, @max_attempts, @timeout_ms, @singleton_key, @run_at, @claim_key, @backoff, @idempotency_key),
--   then @owner (lease owner), @expires (lease end, ms).
INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata,
  user_id, priority, max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff, idempotency_key,
  started_at, attempt, lease_owner, lease_expires_at, seq)
VALUES (@task_id, @task_type, 'running', @total, @message, @now, @payload, @metadata,
  @user_id, @priority, @max_attempts, @timeout_ms, @singleton_key, @run_at, @claim_key, @backoff, @idempotency_key,
  @now, 1, @owner, @expires, 2)
