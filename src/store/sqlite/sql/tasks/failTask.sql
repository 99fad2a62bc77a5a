-- failTask: fails a task with an error and its final counters, and ends its lease (lease_owner stays: the node
-- of the last attempt).
-- Guard: the task is pending (only without a fence: a fenced write comes from an attempt, and a pending task's
-- attempt has ended — a stale runner must not fail a task the reaper requeued), or running and, when a fence
-- is given, still in that attempt.
-- Params: @id (task_id), @fence (the attempt, or NULL for none), @processed (NULL keeps it), @setTotal (1 when
--   total changes), @total, @setMessage (1 when message changes), @message, @now (ms), @error.
UPDATE tasks SET status = 'failed', error = @error,
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  completed_at = @now, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND (status = 'pending' AND @fence IS NULL OR status = 'running' AND (@fence IS NULL OR attempt = @fence))
RETURNING *
