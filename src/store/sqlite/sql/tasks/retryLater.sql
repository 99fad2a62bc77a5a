-- retryLater: a failed attempt that will be tried again: the task is pending, due @delay ms from @now (its claim
-- key moves with run_at, keeping the priority lead), with the error and its final counters; the attempt is
-- appended to attempt_log (failed, @error) and the lease ends. If a cancellation was requested meanwhile the
-- task ends cancelled instead, the attempt logged as cancelled (lease_owner kept, as every final write does).
-- Guard: the task is running in the given attempt.
-- Params: @id (task_id), @fence (the attempt), @processed (NULL keeps it), @setTotal (1 when total changes),
--   @total, @setMessage (1 when message changes), @message, @now (ms), @error, @delay (ms).
UPDATE tasks SET
  status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'pending' END,
  error = CASE WHEN cancel_requested = 1 THEN error ELSE @error END,
  processed = coalesce(@processed, processed),
  total = CASE WHEN @setTotal = 1 THEN @total ELSE total END,
  message = CASE WHEN @setMessage = 1 THEN @message ELSE message END,
  attempt_log = json_insert(attempt_log, '$[#]', json_object('attempt', attempt, 'started_at', started_at, 'finished_at', @now,
    'outcome', CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END, 'error', @error, 'node', lease_owner)),
  run_at = CASE WHEN cancel_requested = 1 THEN run_at ELSE @now + @delay END,
  claim_key = CASE WHEN cancel_requested = 1 THEN claim_key ELSE @now + @delay - (run_at - claim_key) END,
  started_at = CASE WHEN cancel_requested = 1 THEN started_at ELSE NULL END,
  completed_at = CASE WHEN cancel_requested = 1 THEN @now ELSE NULL END,
  lease_owner = CASE WHEN cancel_requested = 1 THEN lease_owner ELSE NULL END,
  lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND attempt = @fence
RETURNING *
