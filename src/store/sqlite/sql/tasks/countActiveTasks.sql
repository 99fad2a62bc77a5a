-- countActiveTasks: pending and running tasks per type, and for pending ones the wait of the oldest due one (ms),
-- for the cluster gauges of /metrics. Each half reads its partial index (tasks_claim_idx, tasks_running_idx), so
-- the finished tasks, however many, are never scanned.
-- Params: @now (Unix ms).
-- Returns: task_type, status, count, oldest_wait_ms (NULL when none is due, and for running).
SELECT task_type, 'pending' AS status, count(*) AS count,
  @now - min(CASE WHEN run_at <= @now THEN run_at END) AS oldest_wait_ms
FROM tasks INDEXED BY tasks_claim_idx WHERE status = 'pending' GROUP BY task_type
UNION ALL
SELECT task_type, 'running' AS status, count(*) AS count, NULL AS oldest_wait_ms
FROM tasks INDEXED BY tasks_running_idx WHERE status = 'running' GROUP BY task_type
