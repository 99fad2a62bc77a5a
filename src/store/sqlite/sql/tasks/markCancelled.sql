-- markCancelled: a running task's handler stopped on a cancellation: the task is cancelled, with its final
-- counters, and its lease ends (lease_owner stays: the node of the last attempt).
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: @id (task_id), @fence (the attempt, or NULL for none), @processed (NULL keeps it), @setTotal (1 when
--   total changes), @total, @setMessage (1 when message changes), @message, @now (ms).
UPDATE tasks SET status = 'cancelled', cancel_requested = 1,
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  completed_at = @now, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND (@fence IS NULL OR attempt = @fence)
RETURNING *
