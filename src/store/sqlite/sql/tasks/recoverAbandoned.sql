-- recoverAbandoned: the reaper takes back running tasks whose lease expired or whose owner is dead: cancelled
-- if a cancellation was requested, pending again if attempts remain, failed with the error otherwise.
-- Params: @error, @now (ms), @dead (JSON array of dead lease owners).
UPDATE tasks SET
  status = CASE WHEN cancel_requested = 1 THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
  error = CASE WHEN cancel_requested = 0 AND attempt >= max_attempts THEN @error ELSE error END,
  completed_at = CASE WHEN cancel_requested = 0 AND attempt < max_attempts THEN NULL ELSE @now END,
  lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
WHERE status = 'running' AND (lease_expires_at < @now OR lease_owner IN (SELECT value FROM json_each(@dead)))
RETURNING *
