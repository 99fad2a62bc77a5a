-- insertTaskMinutes: minutes as a JSON array of task_minutes rows; a minute already there is kept (every node
-- computes the same figures for a closed minute).
-- Params: $1 the rows (JSON).
INSERT INTO task_minutes (minute, task_type, completed, failed, cancelled, retried, wait_count, wait_sum_ms, run_count,
  run_sum_ms, wait_buckets, run_buckets, pending, running)
SELECT to_timestamp(r.minute::double precision / 1000), r.task_type, r.completed, r.failed, r.cancelled, r.retried,
  r.wait_count, r.wait_sum_ms, r.run_count, r.run_sum_ms, r.wait_buckets, r.run_buckets, r.pending, r.running
FROM jsonb_to_recordset($1::jsonb) AS r(minute bigint, task_type text, completed int, failed int, cancelled int,
  retried int, wait_count int, wait_sum_ms bigint, run_count int, run_sum_ms bigint, wait_buckets jsonb,
  run_buckets jsonb, pending int, running int)
ON CONFLICT (minute, task_type) DO NOTHING
