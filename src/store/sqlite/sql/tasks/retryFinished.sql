-- retryFinished: a manual retry: a failed or cancelled task is pending again, due @runAt, as its next attempt
-- (max_attempts raised to attempt + 1 when spent; the claim key moves with run_at, keeping the priority lead).
-- The attempt that ended, if it started and is not logged yet, is appended to attempt_log (its outcome the
-- status, or lost when it failed with @abandoned). Checkpoint, counters and the last error are kept;
-- cancel_requested, started_at, completed_at and the lease are cleared. A bulk retry runs it once per task, in
-- one transaction, with run_at spread.
-- Guard: the task is failed or cancelled.
-- Params: @id (task_id), @runAt (ms), @abandoned (the error of a task whose process died).
UPDATE tasks SET status = 'pending',
  attempt_log = CASE WHEN started_at IS NOT NULL AND attempt > coalesce(json_extract(attempt_log, '$[#-1].attempt'), 0)
    THEN json_insert(attempt_log, '$[#]', json_object('attempt', attempt, 'started_at', started_at, 'finished_at', completed_at,
      'outcome', CASE WHEN status = 'failed' AND error = @abandoned THEN 'lost' ELSE status END, 'error', error, 'node', lease_owner))
    ELSE attempt_log END,
  max_attempts = max(max_attempts, attempt + 1),
  run_at = @runAt, claim_key = @runAt - (run_at - claim_key),
  cancel_requested = 0, started_at = NULL, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status IN ('failed', 'cancelled')
RETURNING *
