-- listTaskMinutes: the stored minutes [$1, $2), oldest first.
-- Params: $1 from, $2 to (ms).
SELECT (extract(epoch FROM minute) * 1000)::bigint AS minute, task_type, completed, failed, cancelled, retried,
  wait_count, wait_sum_ms, run_count, run_sum_ms, wait_buckets, run_buckets, pending, running
FROM task_minutes
WHERE minute >= to_timestamp($1::double precision / 1000) AND minute < to_timestamp($2::double precision / 1000)
ORDER BY minute, task_type
