-- insertScheduledTask: insertTask for a schedule's tick (PostgresScheduleStore.fire), inside the pass's transaction.
-- ON CONFLICT DO NOTHING without a conflict target: a task meeting any unique index is not inserted and no error —
-- the tick's key already used (tasks_idempotency_idx) or a singleton's task already pending or running
-- (tasks_singleton_idx); the pass goes on with its next task. Wakes the runners as insertTask does (at commit).
-- Params: as insertTask, and $16 idempotency key.
-- Returns: created_at, run_at (no row when a unique index refused the task).
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff, idempotency_key)
  SELECT $1, $2, 'pending', $3, $4, now(), $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11,
    r.at, r.at - make_interval(secs => $14::double precision / 1000), $15::jsonb, $16
  FROM (SELECT greatest(coalesce($13::timestamptz, now()), now()) AS at) AS r
  ON CONFLICT DO NOTHING
  RETURNING created_at, run_at
)
SELECT created_at, run_at FROM ins,
  (SELECT pg_notify($12, CASE WHEN $13::timestamptz > now() THEN floor(extract(epoch FROM $13::timestamptz) * 1000)::bigint::text
    ELSE '' END)) AS notified
