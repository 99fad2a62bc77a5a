-- claimTasks: starts up to $4 due pending tasks (run_at ≤ now) of the given types in claim order — lowest
-- claim_key (run_at − priority lead) first, then oldest — and leases them.
-- Params: $1 lease owner, $2 lease ms, $3 task types (text[]), $4 limit.
-- Meant to walk tasks_claim_idx in claim order and stop after $4 rows, then fetch those rows by primary key:
-- the claim connections turn sorts and bitmap scans off (see openPostgres), because right after a bulk insert
-- stale statistics otherwise make the planner bitmap-scan and sort every pending row (3-4x slower). A task not
-- yet due is passed over; only high-priority tasks due within their lead can precede due ones in the index.
-- ANY(ARRAY(...)) rather than IN (...), which the planner likes to turn into a hash join over a sequential
-- scan of the whole table.
-- Returns the task's columns (not the insert-only ones) and claim_key, which orders them; run_at and attempt_log as
-- NULL when they are created_at and empty, as they are for most tasks: every column a claim returns is formatted
-- and parsed per task, and RETURNING * made the claim 18% slower than before these columns existed.
UPDATE tasks SET status = 'running', started_at = now(), attempt = attempt + 1,
  lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::double precision / 1000), seq = seq + 1
WHERE task_id = ANY(ARRAY(SELECT task_id FROM tasks WHERE status = 'pending' AND task_type = ANY($3::text[])
  AND run_at <= now() ORDER BY claim_key, task_id LIMIT $4 FOR UPDATE SKIP LOCKED))
RETURNING task_id, task_type, status, total, processed, message, created_at, started_at, completed_at, result, error,
  payload, metadata, checkpoint, user_id, cancel_requested, attempt, max_attempts, priority, seq, lease_owner,
  lease_expires_at, backoff, claim_key,
  NULLIF(run_at, created_at) AS run_at, NULLIF(attempt_log, '[]'::jsonb) AS attempt_log
