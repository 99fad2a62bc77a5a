-- recoverAbandoned: the reaper takes back running tasks whose lease expired or whose owner is dead: cancelled
-- if a cancellation was requested, pending again if attempts remain (the attempt appended to attempt_log as
-- lost, with @error; checkpoint and place in line kept), failed with the error otherwise. A task that ends
-- keeps lease_owner (the node of the last attempt); one that waits again loses it and its started_at.
-- Params: @error, @now (ms), @dead (JSON array of dead lease owners).
UPDATE tasks SET
  status = CASE WHEN cancel_requested = 1 THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
  error = CASE WHEN cancel_requested = 0 AND attempt >= max_attempts THEN @error ELSE error END,
  completed_at = CASE WHEN cancel_requested = 0 AND attempt < max_attempts THEN NULL ELSE @now END,
  attempt_log = CASE WHEN cancel_requested = 0 AND attempt < max_attempts
    THEN json_insert(attempt_log, '$[#]', json_object('attempt', attempt, 'started_at', started_at, 'finished_at', @now,
      'outcome', 'lost', 'error', @error, 'node', lease_owner))
    ELSE attempt_log END,
  started_at = CASE WHEN cancel_requested = 0 AND attempt < max_attempts THEN NULL ELSE started_at END,
  lease_owner = CASE WHEN cancel_requested = 0 AND attempt < max_attempts THEN NULL ELSE lease_owner END,
  lease_expires_at = NULL, seq = seq + 1
WHERE status = 'running' AND (lease_expires_at < @now OR lease_owner IN (SELECT value FROM json_each(@dead)))
RETURNING *
