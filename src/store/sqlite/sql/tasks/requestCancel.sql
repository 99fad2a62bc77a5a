-- requestCancel: a pending task is cancelled at once; a running one is asked to stop (its handler sees
-- cancel_requested). Guard: pending, or running with no cancellation requested yet.
-- Params: @id (task_id), @now (ms).
UPDATE tasks SET cancel_requested = 1, seq = seq + 1,
  status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
  completed_at = CASE WHEN status = 'pending' THEN @now ELSE completed_at END
WHERE task_id = @id AND (status = 'pending' OR (status = 'running' AND cancel_requested = 0))
RETURNING *
