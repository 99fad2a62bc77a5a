-- retryFinished: a manual retry. A failed or cancelled task goes back to pending, due now, as its next attempt:
-- max_attempts grows to allow it when spent, the ended attempt (if it ever started) goes to attempt_log, the
-- checkpoint and counters stay (the next attempt resumes), the last error stays visible until it runs.
-- Guard: the task is failed or cancelled.
-- Params: $1 task_id.
UPDATE tasks SET status = 'pending',
  attempt_log = CASE WHEN started_at IS NULL THEN attempt_log
    ELSE attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempt, 'started_at', started_at,
      'finished_at', completed_at, 'outcome', status, 'error', error, 'node', lease_owner)) END,
  max_attempts = greatest(max_attempts, attempt + 1),
  claim_key = now() - (run_at - claim_key), run_at = now(),
  cancel_requested = false, started_at = NULL, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
  seq = seq + 1
WHERE task_id = $1 AND status IN ('failed', 'cancelled')
RETURNING *
