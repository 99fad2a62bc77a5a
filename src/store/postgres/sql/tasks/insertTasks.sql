-- insertTasks: inserts new tasks, pending, and wakes the runners listening on the channel. For more than one
-- task (one task goes through insertTask, a prepared statement).
-- Params: $1 jsonb array of new tasks (a key left out reads as NULL; run_at NULL or past: now; lead_ms: the
--   claim key's lead), $2 notification channel.
-- The notification carries the earliest run_at (epoch ms) when every task is delayed, '?' when some are (runners
-- then claim and ask for the nearest delayed one), '' when none is.
-- Returns: n, the rows inserted; created_at, the time every row was given.
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff)
  SELECT x.task_id, x.task_type, 'pending', x.total, x.message, now(), x.payload, coalesce(x.metadata, '{}'),
    x.user_id, x.priority, x.max_attempts, x.timeout_ms, x.singleton_key,
    greatest(coalesce(x.run_at, now()), now()),
    greatest(coalesce(x.run_at, now()), now()) - make_interval(secs => coalesce(x.lead_ms, 0) / 1000), x.backoff
  FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, task_type text, total bigint, message text,
    payload jsonb, metadata jsonb, user_id int, priority int, max_attempts int, timeout_ms int, singleton_key text,
    run_at timestamptz, lead_ms double precision, backoff jsonb)
  RETURNING run_at
)
SELECT n, created_at, pg_notify($2, CASE WHEN first_at > created_at THEN floor(extract(epoch FROM first_at) * 1000)::bigint::text
  WHEN last_at > created_at THEN '?' ELSE '' END) AS notified
FROM (SELECT count(*)::int AS n, now() AS created_at, min(run_at) AS first_at, max(run_at) AS last_at FROM ins) AS s
