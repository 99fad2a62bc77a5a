-- findIdempotent: the task holding an idempotency key of a type, locked until the enqueue's transaction ends.
-- Params: $1 task type, $2 idempotency key, $3 window ms.
-- Returns: the row, and `reusable`: whether it still answers for the key (pending or running, or finished
--   less than the window ago).
SELECT *, (status IN ('pending', 'running') OR completed_at > now() - make_interval(secs => $3::double precision / 1000))
  AS reusable
FROM tasks WHERE task_type = $1 AND idempotency_key = $2
FOR UPDATE
