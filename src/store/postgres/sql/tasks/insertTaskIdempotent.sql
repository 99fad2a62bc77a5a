-- insertTaskIdempotent: insertTask for a task with an idempotency key: nothing is inserted (no row back) when
-- another transaction inserted a task with the same type and key first; the caller then reads that one.
-- Params: as insertTask, and $16 idempotency key.
-- Returns: created_at, run_at (no row when the key was taken).
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff, idempotency_key)
  SELECT $1, $2, 'pending', $3, $4, now(), $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11,
    r.at, r.at - make_interval(secs => $14::double precision / 1000), $15::jsonb, $16
  FROM (SELECT greatest(coalesce($13::timestamptz, now()), now()) AS at) AS r
  ON CONFLICT (task_type, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING created_at, run_at
)
SELECT created_at, run_at FROM ins,
  (SELECT pg_notify($12, CASE WHEN $13::timestamptz > now() THEN floor(extract(epoch FROM $13::timestamptz) * 1000)::bigint::text
    ELSE '' END)) AS notified
