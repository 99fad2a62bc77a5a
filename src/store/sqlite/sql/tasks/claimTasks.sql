-- claimTasks: starts up to @limit pending tasks of the given types, highest priority first, and leases them.
-- Params: @now (ms), @owner (lease owner), @expires (lease end, ms), @types (JSON array of task types), @limit.
UPDATE tasks SET status = 'running', started_at = @now, attempt = attempt + 1,
  lease_owner = @owner, lease_expires_at = @expires, seq = seq + 1
WHERE task_id IN (SELECT task_id FROM tasks INDEXED BY tasks_pending_idx WHERE status = 'pending'
  AND task_type IN (SELECT value FROM json_each(@types)) ORDER BY priority DESC, task_id LIMIT @limit)
RETURNING *
