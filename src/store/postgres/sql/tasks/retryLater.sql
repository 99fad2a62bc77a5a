-- retryLater: a failed attempt that will be tried again. The task goes back to pending, due $9 ms from now,
-- keeping its lead in line (claim_key moves with run_at); the attempt goes to attempt_log; `error` shows it
-- meanwhile; the final counters are written and the lease ends. If a cancellation was requested during the
-- attempt, the task ends cancelled instead (lease_owner kept, as every final write does).
-- Guard: the task is running in attempt $2.
-- Params: $1 task_id, $2 fence (the attempt), $3 processed (NULL keeps it), $4 whether total changes, $5 total,
--   $6 whether message changes, $7 message, $8 error, $9 delay ms.
UPDATE tasks SET
  status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'pending' END,
  error = CASE WHEN cancel_requested THEN error ELSE $8::text END,
  processed = coalesce($3::bigint, processed),
  total = CASE WHEN $4::boolean THEN $5::bigint ELSE total END,
  message = CASE WHEN $6::boolean THEN $7::text ELSE message END,
  attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempt, 'started_at', started_at,
    'finished_at', now(), 'outcome', CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END, 'error', $8::text,
    'node', lease_owner)),
  run_at = CASE WHEN cancel_requested THEN run_at ELSE now() + make_interval(secs => $9::double precision / 1000) END,
  claim_key = CASE WHEN cancel_requested THEN claim_key
    ELSE now() + make_interval(secs => $9::double precision / 1000) - (run_at - claim_key) END,
  started_at = CASE WHEN cancel_requested THEN started_at END,
  completed_at = CASE WHEN cancel_requested THEN now() END,
  lease_owner = CASE WHEN cancel_requested THEN lease_owner END, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = $1 AND status = 'running' AND attempt = $2::int
RETURNING *
