-- handBackTask: a running task goes back to pending with its counters and its place in line, without spending
-- an attempt (its max_attempts grows by one); the attempt goes to attempt_log as interrupted; its lease ends.
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: $1 task_id, $2 fence (the attempt, or NULL for none), $3 processed (NULL keeps it), $4 whether
--   total changes, $5 total, $6 whether message changes, $7 message.
UPDATE tasks SET status = 'pending',
  processed = coalesce($3::bigint, processed),
  total = CASE WHEN $4::boolean THEN $5::bigint ELSE total END,
  message = CASE WHEN $6::boolean THEN $7::text ELSE message END,
  attempt_log = attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempt, 'started_at', started_at,
    'finished_at', now(), 'outcome', 'interrupted', 'error', NULL, 'node', lease_owner)),
  started_at = NULL, max_attempts = max_attempts + 1, lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = $1 AND status = 'running' AND ($2::int IS NULL OR attempt = $2::int)
RETURNING *
