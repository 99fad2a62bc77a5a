-- completeTask: completes a running task with its result and final counters, clears the error of an earlier
-- attempt, and ends its lease (lease_owner stays: the node of the last attempt).
-- Guard: the task is running and, when a fence is given, still in that attempt.
-- Params: $1 task_id, $2 fence (the attempt, or NULL for none), $3 processed (NULL keeps it), $4 whether
--   total changes, $5 total, $6 whether message changes, $7 message, $8 result (JSON text).
UPDATE tasks SET status = 'completed', result = $8::jsonb,
  processed = coalesce($3::bigint, processed),
  total = CASE WHEN $4::boolean THEN $5::bigint ELSE total END,
  message = CASE WHEN $6::boolean THEN $7::text ELSE message END,
  error = NULL, completed_at = now(), lease_expires_at = NULL, seq = seq + 1
WHERE task_id = $1 AND status = 'running' AND ($2::int IS NULL OR attempt = $2::int)
RETURNING *
