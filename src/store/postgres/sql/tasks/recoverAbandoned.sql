-- recoverAbandoned: the reaper takes back running tasks whose lease expired or whose owner is dead: cancelled
-- if a cancellation was requested, pending again if attempts remain (keeping their place in line; the attempt
-- goes to attempt_log as lost), failed with the error otherwise.
-- Params: $1 error, $2 dead lease owners (text[]).
-- Skips rows another transaction holds instead of waiting for them, like renewLeases (see there: waiting
-- deadlocked with completion batches). A skipped row is reaped at the next beat.
UPDATE tasks SET
  status = CASE WHEN cancel_requested THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
  error = CASE WHEN NOT cancel_requested AND attempt >= max_attempts THEN $1 ELSE error END,
  completed_at = CASE WHEN NOT cancel_requested AND attempt < max_attempts THEN NULL ELSE now() END,
  attempt_log = CASE WHEN NOT cancel_requested AND attempt < max_attempts
    THEN attempt_log || jsonb_build_array(jsonb_build_object('attempt', attempt, 'started_at', started_at,
      'finished_at', now(), 'outcome', 'lost', 'error', $1::text, 'node', lease_owner))
    ELSE attempt_log END,
  started_at = CASE WHEN NOT cancel_requested AND attempt < max_attempts THEN NULL ELSE started_at END,
  lease_owner = CASE WHEN NOT cancel_requested AND attempt < max_attempts THEN NULL ELSE lease_owner END,
  lease_expires_at = NULL, seq = seq + 1
WHERE task_id IN (SELECT task_id FROM tasks WHERE status = 'running'
  AND (lease_expires_at < now() OR lease_owner = ANY($2::text[])) FOR UPDATE SKIP LOCKED)
RETURNING *
