-- startTask: starts one pending task and leases it. Guard: the task is pending.
-- Params: $1 task_id, $2 lease owner, $3 lease ms.
UPDATE tasks SET status = 'running', started_at = now(), attempt = attempt + 1,
  lease_owner = $2, lease_expires_at = now() + make_interval(secs => $3::double precision / 1000), seq = seq + 1
WHERE task_id = $1 AND status = 'pending'
RETURNING *
