-- insertTasksClaimed: inserts new tasks already running, claimed by the inserting runner (attempt 1, leased).
-- Nobody else needs to hear of them, so no notification. Never delayed tasks.
-- Params: $1 jsonb array of new tasks (a key left out reads as NULL), $2 lease owner, $3 lease ms.
-- Returns: n, the rows inserted; created_at, the time every row was given; expires, the end of their lease.
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key, started_at, attempt, lease_owner, lease_expires_at, seq, run_at, claim_key, backoff)
  SELECT x.task_id, x.task_type, 'running', x.total, x.message, now(), x.payload, coalesce(x.metadata, '{}'),
    x.user_id, x.priority, x.max_attempts, x.timeout_ms, x.singleton_key,
    now(), 1, $2::text, now() + make_interval(secs => $3::double precision / 1000), 2,
    now(), now() - make_interval(secs => coalesce(x.lead_ms, 0) / 1000), x.backoff
  FROM jsonb_to_recordset($1::jsonb) AS x(task_id uuid, task_type text, total bigint, message text,
    payload jsonb, metadata jsonb, user_id int, priority int, max_attempts int, timeout_ms int, singleton_key text,
    lead_ms double precision, backoff jsonb)
  RETURNING 1
)
SELECT count(*)::int AS n, now() AS created_at, now() + make_interval(secs => $3::double precision / 1000) AS expires
FROM ins
