-- computeTaskFigures: the figures of the minutes [$1, $2) from the tasks table (one scan; see migration 011).
-- Finished tasks by completed_at's minute: their outcome, their last attempt's wait and run in log buckets
-- (floor(4·log2(ms)), bucket 0 for under 1 ms); retried attempts by the minute their attempt_log entry ended.
-- Params: $1 from, $2 to (ms since the epoch, whole minutes).
WITH fin AS (
  SELECT task_type, status, (extract(epoch FROM date_trunc('minute', completed_at)) * 1000)::bigint AS minute,
         greatest(extract(epoch FROM started_at - run_at) * 1000, 0) AS wait_ms,
         greatest(extract(epoch FROM completed_at - started_at) * 1000, 0) AS run_ms
  FROM tasks
  WHERE status IN ('completed', 'failed', 'cancelled')
    AND completed_at >= to_timestamp($1::double precision / 1000) AND completed_at < to_timestamp($2::double precision / 1000)
)
SELECT minute, task_type, status AS kind, NULL::int AS bucket, count(*)::int AS n, 0::float8 AS sum_ms
FROM fin GROUP BY minute, task_type, status
UNION ALL
SELECT minute, task_type, 'wait', floor(ln(greatest(wait_ms, 1)) / ln(2) * 4)::int AS b, count(*)::int, sum(wait_ms)::float8
FROM fin WHERE wait_ms IS NOT NULL GROUP BY minute, task_type, b
UNION ALL
SELECT minute, task_type, 'run', floor(ln(greatest(run_ms, 1)) / ln(2) * 4)::int AS b, count(*)::int, sum(run_ms)::float8
FROM fin WHERE run_ms IS NOT NULL GROUP BY minute, task_type, b
UNION ALL
SELECT (extract(epoch FROM date_trunc('minute', f)) * 1000)::bigint AS m, task_type, 'retried', NULL, count(*)::int, 0
FROM (
  SELECT t.task_type, (a ->> 'finished_at')::timestamptz AS f, a ->> 'outcome' AS outcome
  FROM tasks t, jsonb_array_elements(t.attempt_log) a
  WHERE t.attempt_log <> '[]'::jsonb
) r
WHERE outcome <> 'cancelled'
  AND f >= to_timestamp($1::double precision / 1000) AND f < to_timestamp($2::double precision / 1000)
GROUP BY m, task_type
