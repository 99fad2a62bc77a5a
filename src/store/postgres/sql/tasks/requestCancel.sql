-- requestCancel: a pending task is cancelled at once; a running one is asked to stop (its handler sees
-- cancel_requested). Guard: pending, or running with no cancellation requested yet.
-- Params: $1 task_id.
UPDATE tasks SET cancel_requested = true, seq = seq + 1,
  status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
  completed_at = CASE WHEN status = 'pending' THEN now() ELSE completed_at END
WHERE task_id = $1 AND (status = 'pending' OR (status = 'running' AND NOT cancel_requested))
RETURNING *
