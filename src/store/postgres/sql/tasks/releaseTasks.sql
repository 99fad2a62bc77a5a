-- releaseTasks: hands claimed tasks back unstarted (a runner stopping): pending again, the attempt undone.
-- Guard, per task: it is running in the given attempt.
-- Params: $1 task ids (uuid[]), $2 their fences (int[], same order).
UPDATE tasks t SET status = 'pending', attempt = t.attempt - 1, started_at = NULL, lease_owner = NULL,
  lease_expires_at = NULL, seq = t.seq + 1
FROM unnest($1::uuid[], $2::int[]) AS x(id, fence)
WHERE t.task_id = x.id AND t.status = 'running' AND t.attempt = x.fence
RETURNING t.*
