-- claimTasks: starts up to @limit due pending tasks (run_at ≤ @now) of the given types, lowest claim key
-- (run_at − the priority lead) first, then oldest, and leases them. The subquery walks tasks_claim_idx in that
-- order and stops after @limit (no sort).
-- Params: @now (ms), @owner (lease owner), @expires (lease end, ms), @types (JSON array of task types), @limit.
UPDATE tasks SET status = 'running', started_at = @now, attempt = attempt + 1,
  lease_owner = @owner, lease_expires_at = @expires, seq = seq + 1
WHERE task_id IN (SELECT task_id FROM tasks INDEXED BY tasks_claim_idx WHERE status = 'pending' AND run_at <= @now
  AND task_type IN (SELECT value FROM json_each(@types)) ORDER BY claim_key, task_id LIMIT @limit)
RETURNING *
