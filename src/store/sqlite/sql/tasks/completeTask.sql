-- completeTask: completes a running task with its result and final counters, clears the error of an earlier
-- attempt, and ends its lease (lease_owner stays: the node of the last attempt).
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: @id (task_id), @fence (the attempt, or NULL for none), @processed (NULL keeps it), @setTotal (1 when
--   total changes), @total, @setMessage (1 when message changes), @message, @now (ms), @result (JSON text).
UPDATE tasks SET status = 'completed', result = @result, error = NULL,
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  completed_at = @now, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND (@fence IS NULL OR attempt = @fence)
RETURNING *
