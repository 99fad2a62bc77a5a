-- retryFinished: a manual retry. A failed or cancelled task goes back to pending, due $3 ms after $4 (now when
-- NULL; 0 ms for a single retry; a bulk retry spreads its tasks from its first one's time), as its next attempt:
-- max_attempts grows to allow it when spent, the ended attempt (if it ever started and is not logged yet: a
-- retryLater that ended cancelled logged it) goes to attempt_log — as lost when it failed with $2, the error of a
-- task whose process died —, the checkpoint and counters stay (the next attempt resumes), the last error stays
-- visible until it runs.
-- Guard: the task is failed or cancelled.
-- A singleton task whose key another active task holds breaks tasks_singleton_idx (23505): the caller names it.
-- Params: $1 task_id, $2 the error of an abandoned task (ABANDONED_ERROR), $3 delay ms, $4 the time it counts
--   from (timestamptz, NULL for now).
UPDATE tasks SET status = 'pending',
  attempt_log = CASE WHEN started_at IS NULL OR attempt <= coalesce((attempt_log -> -1 ->> 'attempt')::int, 0)
    THEN attempt_log
    ELSE attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempt, 'started_at', started_at,
      'finished_at', completed_at, 'outcome', CASE WHEN status = 'failed' AND error = $2::text THEN 'lost'
      ELSE status END, 'error', error, 'node', lease_owner)) END,
  max_attempts = greatest(max_attempts, attempt + 1),
  claim_key = coalesce($4::timestamptz, now()) + make_interval(secs => $3::double precision / 1000) - (run_at - claim_key),
  run_at = coalesce($4::timestamptz, now()) + make_interval(secs => $3::double precision / 1000),
  cancel_requested = false, started_at = NULL, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
  seq = seq + 1
WHERE task_id = $1 AND status IN ('failed', 'cancelled')
RETURNING *
