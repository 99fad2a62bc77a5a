-- renewLeases: the heartbeat extends the leases of an owner's running tasks and learns which of them are
-- asked to stop.
-- Params: $1 lease owner, $2 task ids (uuid[]), $3 lease ms.
-- Skips rows another transaction holds instead of waiting for them (as recoverAbandoned does): the heartbeat
-- locks many rows, in an order of its own, while a completion batch locks its rows in another, and waiting
-- made them deadlock (PostgreSQL then aborted one — a lost completion batch left its tasks running until
-- their leases expired, and then failed them). A skipped row is renewed at the next beat.
UPDATE tasks SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
WHERE task_id IN (SELECT task_id FROM tasks WHERE status = 'running' AND lease_owner = $1 AND task_id = ANY($2::uuid[])
  FOR UPDATE SKIP LOCKED)
RETURNING task_id, cancel_requested
