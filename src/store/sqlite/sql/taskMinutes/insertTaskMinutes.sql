-- insertTaskMinutes: minutes as a JSON array of task_minutes rows; a minute already there is kept (every node
-- computes the same figures for a closed minute).
-- Params: @rows (JSON text).
INSERT INTO task_minutes (minute, task_type, completed, failed, cancelled, retried, wait_count, wait_sum_ms, run_count,
  run_sum_ms, wait_buckets, run_buckets, pending, running)
SELECT r.value ->> 'minute', r.value ->> 'task_type', r.value ->> 'completed', r.value ->> 'failed', r.value ->> 'cancelled',
  r.value ->> 'retried', r.value ->> 'wait_count', r.value ->> 'wait_sum_ms', r.value ->> 'run_count', r.value ->> 'run_sum_ms',
  json(r.value -> 'wait_buckets'), json(r.value -> 'run_buckets'), r.value ->> 'pending', r.value ->> 'running'
FROM json_each(@rows) r WHERE true
ON CONFLICT (minute, task_type) DO NOTHING
