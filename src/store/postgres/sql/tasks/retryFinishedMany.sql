-- retryFinishedMany: retryFinished for up to $3 tasks of status $1 (and type $2, NULL for any), oldest first,
-- their starts spread: the n-th (from 0) is due n / $4 seconds from now, so a bulk retry does not flood.
-- Params: $1 status ('failed' or 'cancelled'), $2 task type or NULL, $3 limit, $4 tasks per second, $5 the
--   error of an abandoned task (ABANDONED_ERROR; see retryFinished).
WITH picked AS (
  SELECT task_id, (row_number() OVER (ORDER BY task_id) - 1) AS n
  FROM (SELECT task_id FROM tasks WHERE status = $1 AND ($2::text IS NULL OR task_type = $2::text)
    ORDER BY task_id LIMIT $3 FOR UPDATE SKIP LOCKED) AS p
)
UPDATE tasks t SET status = 'pending',
  attempt_log = CASE WHEN t.started_at IS NULL OR t.attempt <= coalesce((t.attempt_log -> -1 ->> 'attempt')::int, 0)
    THEN t.attempt_log
    ELSE t.attempt_log || jsonb_build_array(jsonb_build_object('attempt', t.attempt, 'started_at', t.started_at,
      'finished_at', t.completed_at, 'outcome', CASE WHEN t.status = 'failed' AND t.error = $5::text THEN 'lost'
      ELSE t.status END, 'error', t.error, 'node', t.lease_owner)) END,
  max_attempts = greatest(t.max_attempts, t.attempt + 1),
  claim_key = now() + make_interval(secs => p.n / $4::double precision) - (t.run_at - t.claim_key),
  run_at = now() + make_interval(secs => p.n / $4::double precision),
  cancel_requested = false, started_at = NULL, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
  seq = t.seq + 1
FROM picked p
WHERE t.task_id = p.task_id AND t.status = $1
RETURNING t.*
