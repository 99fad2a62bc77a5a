-- renewLeases: the heartbeat extends the leases of an owner's running tasks and learns which of them are
-- asked to stop.
-- Params: @expires (new lease end, ms), @owner (lease owner), @ids (JSON array of task ids).
UPDATE tasks SET lease_expires_at = @expires
WHERE status = 'running' AND lease_owner = @owner AND task_id IN (SELECT value FROM json_each(@ids))
RETURNING task_id, cancel_requested
