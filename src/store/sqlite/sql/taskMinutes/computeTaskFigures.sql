-- computeTaskFigures: the figures of the minutes [@from, @to) from the tasks table (one scan; see migration 011).
-- Finished tasks by completed_at's minute: their outcome, their last attempt's wait and run in log buckets
-- (floor(4·log2(ms)), bucket 0 for under 1 ms); retried attempts by the minute their attempt_log entry ended.
-- Params: @from, @to (ms, whole minutes).
WITH fin AS (
  SELECT task_type, status, completed_at - completed_at % 60000 AS minute,
         CASE WHEN started_at IS NOT NULL THEN MAX(started_at - run_at, 0) END AS wait_ms,
         CASE WHEN started_at IS NOT NULL THEN MAX(completed_at - started_at, 0) END AS run_ms
  FROM tasks
  WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at >= @from AND completed_at < @to
)
SELECT minute, task_type, status AS kind, NULL AS bucket, count(*) AS n, 0 AS sum_ms FROM fin GROUP BY minute, task_type, status
UNION ALL
SELECT minute, task_type, 'wait', CAST(log2(MAX(wait_ms, 1)) * 4 AS INTEGER) AS b, count(*), sum(wait_ms)
FROM fin WHERE wait_ms IS NOT NULL GROUP BY minute, task_type, b
UNION ALL
SELECT minute, task_type, 'run', CAST(log2(MAX(run_ms, 1)) * 4 AS INTEGER) AS b, count(*), sum(run_ms)
FROM fin WHERE run_ms IS NOT NULL GROUP BY minute, task_type, b
UNION ALL
SELECT f - f % 60000 AS m, task_type, 'retried', NULL, count(*), 0
FROM (
  SELECT t.task_type, json_extract(a.value, '$.finished_at') AS f, json_extract(a.value, '$.outcome') AS outcome
  FROM tasks t, json_each(t.attempt_log) a
  WHERE t.attempt_log <> '[]'
)
WHERE outcome <> 'cancelled' AND f >= @from AND f < @to
GROUP BY m, task_type
