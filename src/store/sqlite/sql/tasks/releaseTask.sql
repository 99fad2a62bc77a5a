-- releaseTask: hands a claimed task back unstarted (a runner stopping): pending again, the attempt undone.
-- Run once per task, in one transaction for a batch. Guard: the task is running in the given attempt.
-- Params: @id (task_id), @fence (the attempt).
UPDATE tasks SET status = 'pending', attempt = attempt - 1, started_at = NULL, lease_owner = NULL,
  lease_expires_at = NULL, seq = seq + 1
WHERE task_id = @id AND status = 'running' AND attempt = @fence
RETURNING *
