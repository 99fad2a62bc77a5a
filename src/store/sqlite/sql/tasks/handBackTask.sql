-- handBackTask: a running task goes back to pending with its counters, without spending an attempt (its
-- max_attempts grows by one), the attempt appended to attempt_log as interrupted, and its lease ends.
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: @id (task_id), @fence (the attempt, or NULL for none), @processed (NULL keeps it), @setTotal (1 when
--   total changes), @total, @setMessage (1 when message changes), @message, @now (ms).
UPDATE tasks SET status = 'pending',
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  attempt_log = json_insert(attempt_log, '$[#]', json_object('attempt', attempt, 'started_at', started_at, 'finished_at', @now,
    'outcome', 'interrupted', 'error', NULL, 'node', lease_owner)),
  started_at = NULL, max_attempts = max_attempts + 1, lease_owner = NULL, lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND (@fence IS NULL OR attempt = @fence)
RETURNING *
