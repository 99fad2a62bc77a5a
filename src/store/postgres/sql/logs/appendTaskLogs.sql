-- appendTaskLogs: appends log lines to a task after its newest one and drops its lines past the bound, in one
-- statement; nothing when the task does not exist. (The DELETE sees the rows as they were before the INSERT, so a
-- batch must not exceed the bound itself: TaskLogs keeps at most that many per task.)
-- Params: $1 task_id, $2 at (ms, bigint[]), $3 level (text[]), $4 message (text[]), $5 fields (JSON text[], NULLs), $6 lines kept.
WITH task AS (SELECT task_id FROM tasks WHERE task_id = $1),
last AS (SELECT coalesce(max(seq), 0) AS seq FROM task_logs WHERE task_id = $1),
added AS (
  INSERT INTO task_logs (task_id, seq, at, level, message, fields)
  SELECT task.task_id, last.seq + line.n, 'epoch'::timestamptz + line.at_ms * interval '1 millisecond', line.level, line.message, line.fields::jsonb
  FROM task, last, unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS line (at_ms, level, message, fields, n)
  RETURNING seq, at, level, message, fields
),
trimmed AS (DELETE FROM task_logs WHERE task_id = $1 AND seq <= (SELECT max(seq) FROM added) - $6::bigint)
SELECT seq::double precision AS seq, at, level, message, fields FROM added ORDER BY seq
