-- failTask: fails a task with an error and its final counters, and ends its lease (lease_owner stays: the
-- node of the last attempt).
-- Guard: the task is pending (only without a fence: a fenced write comes from an attempt, and a pending task's
-- attempt has ended — a stale runner must not fail a task the reaper requeued), or running and, when a fence
-- is given, still in that attempt.
-- Params: $1 task_id, $2 fence (the attempt, or NULL for none), $3 processed (NULL keeps it), $4 whether
--   total changes, $5 total, $6 whether message changes, $7 message, $8 error.
UPDATE tasks SET status = 'failed', error = $8::text,
  processed = coalesce($3::bigint, processed),
  total = CASE WHEN $4::boolean THEN $5::bigint ELSE total END,
  message = CASE WHEN $6::boolean THEN $7::text ELSE message END,
  completed_at = now(), lease_expires_at = NULL, seq = seq + 1
WHERE task_id = $1 AND (status = 'pending' AND $2::int IS NULL OR status = 'running' AND ($2::int IS NULL OR attempt = $2::int))
RETURNING *
