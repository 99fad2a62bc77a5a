-- completeTaskKnown: completeTask when the caller knows the row: only what the completion changes comes back.
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: @id (task_id), @fence (the attempt, or NULL for none), @processed (NULL keeps it), @setTotal (1 when
--   total changes), @total, @setMessage (1 when message changes), @message, @now (ms), @result (JSON text).
UPDATE tasks SET status = 'completed', result = @result, error = NULL,
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  completed_at = @now, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND (@fence IS NULL OR attempt = @fence)
RETURNING seq, cancel_requested, processed, total, message
