-- insertTask: inserts one new task, pending, and wakes the runners listening on the channel. The common
-- enqueue: VALUES rather than a jsonb array, as a prepared statement (taskcast_insert_one), takes about half
-- the time of insertTasks, which matters to enqueue → start latency.
-- Params: $1 task_id, $2 task_type, $3 total, $4 message, $5 payload (JSON text), $6 metadata (JSON text),
--   $7 user_id, $8 priority, $9 max_attempts, $10 timeout_ms, $11 singleton_key, $12 notification channel,
--   $13 run_at (NULL: now; a past time reads as now), $14 lead ms (claim_key = run_at − lead), $15 backoff
--   (JSON text or NULL).
-- The notification carries the run_at (epoch ms) of a delayed task, so runners arm a timer instead of claiming.
-- Returns: created_at, run_at.
WITH ins AS (
  INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
    max_attempts, timeout_ms, singleton_key, run_at, claim_key, backoff)
  SELECT $1, $2, 'pending', $3, $4, now(), $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11,
    r.at, r.at - make_interval(secs => $14::double precision / 1000), $15::jsonb
  FROM (SELECT greatest(coalesce($13::timestamptz, now()), now()) AS at) AS r
  RETURNING created_at, run_at
)
SELECT created_at, run_at FROM ins,
  (SELECT pg_notify($12, CASE WHEN $13::timestamptz > now() THEN floor(extract(epoch FROM $13::timestamptz) * 1000)::bigint::text
    ELSE '' END)) AS notified
