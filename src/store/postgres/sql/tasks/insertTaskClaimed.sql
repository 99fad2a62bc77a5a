-- insertTaskClaimed: inserts one new task already running, claimed by the inserting runner (attempt 1,
-- leased); a prepared statement (taskcast_insert_one_claimed). Nobody else needs to hear of it. Never a
-- delayed task (it would wait for its time).
-- Params: $1 task_id, $2 task_type, $3 total, $4 message, $5 payload (JSON text), $6 metadata (JSON text),
--   $7 user_id, $8 priority, $9 max_attempts, $10 timeout_ms, $11 singleton_key, $12 lease owner, $13 lease ms,
--   $14 lead ms (claim_key = run_at − lead), $15 backoff (JSON text or NULL).
-- Returns: created_at; expires, the end of its lease.
INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority,
  max_attempts, timeout_ms, singleton_key, started_at, attempt, lease_owner, lease_expires_at, seq, run_at, claim_key, backoff)
VALUES ($1, $2, 'running', $3, $4, now(), $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11,
  now(), 1, $12, now() + make_interval(secs => $13::double precision / 1000), 2,
  now(), now() - make_interval(secs => $14::double precision / 1000), $15::jsonb)
RETURNING created_at, lease_expires_at AS expires
