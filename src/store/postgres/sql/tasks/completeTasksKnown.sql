-- completeTasksKnown: completeTasks when the caller knows each row: only what the completion changes comes back.
-- Guard, per task: it is running and, when a fence is given, still in that attempt.
-- Params: $1 jsonb array of {id, fence, processed, set_total, total, set_message, message, result} (a key left
--   out reads as NULL), $2 the same ids (uuid[]). The id list lets the planner fetch the rows by primary key;
--   from the jsonb alone it guesses 100 rows and hash-joins them against a sequential scan of the whole table.
UPDATE tasks t SET status = 'completed', result = x.result,
  processed = coalesce(x.processed, t.processed),
  total = CASE WHEN x.set_total THEN x.total ELSE t.total END,
  message = CASE WHEN x.set_message THEN x.message ELSE t.message END,
  error = NULL, completed_at = now(), lease_expires_at = NULL, seq = t.seq + 1
FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, fence int, processed bigint, set_total boolean, total bigint,
  set_message boolean, message text, result jsonb)
WHERE t.task_id = x.id AND t.task_id = ANY($2::uuid[]) AND t.status = 'running' AND (x.fence IS NULL OR t.attempt = x.fence)
RETURNING t.task_id, t.seq, t.completed_at, t.cancel_requested, t.processed, t.total, t.message
