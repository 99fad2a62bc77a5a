-- insertTasks: inserts new tasks, pending, and wakes the runners listening on the channel. For more than one
-- task (one task goes through insertTask, a prepared statement).
-- Params: $1 jsonb array of new tasks (a key left out reads as NULL), $2 notification channel.
-- Returns: n, the rows inserted; created_at, the time every row was given.
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key)
  SELECT x.task_id, x.task_type, 'pending', x.total, x.message, now(), x.payload, coalesce(x.metadata, '{}'),
    x.user_id, x.priority, x.max_attempts, x.timeout_ms, x.singleton_key
  FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, task_type text, total bigint, message text,
    payload jsonb, metadata jsonb, user_id int, priority int, max_attempts int, timeout_ms int, singleton_key text)
  RETURNING 1
)
SELECT count(*)::int AS n, now() AS created_at FROM ins, (SELECT pg_notify($2, '')) AS notified
