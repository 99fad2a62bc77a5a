-- startTask: starts one pending task and leases it. Guard: the task is pending.
-- Params: @id (task_id), @now (ms), @owner (lease owner), @expires (lease end, ms).
UPDATE tasks SET status = 'running', started_at = @now, attempt = attempt + 1,
  lease_owner = @owner, lease_expires_at = @expires, seq = seq + 1
WHERE task_id = @id AND status = 'pending'
RETURNING *
