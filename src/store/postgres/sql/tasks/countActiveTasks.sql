-- countActiveTasks: pending and running tasks per type, and for pending ones the wait of the oldest due one (ms,
-- by this database's clock), for the cluster gauges of /metrics. Each half's condition is that of a partial index
-- (tasks_claim_idx, tasks_running_idx), so the finished tasks, however many, are never scanned.
-- Params: none.
-- Returns: task_type, status, count, oldest_wait_ms (NULL when none is due, and for running).
SELECT task_type, 'pending' AS status, count(*)::int AS count,
  (extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())) * 1000)::float8 AS oldest_wait_ms
FROM tasks WHERE status = 'pending' GROUP BY task_type
UNION ALL
SELECT task_type, 'running' AS status, count(*)::int AS count, NULL::float8 AS oldest_wait_ms
FROM tasks WHERE status = 'running' GROUP BY task_type
