-- Retries, delayed tasks, priorities that age, idempotency keys (issue 11).
-- run_at: not claimed before this time (the enqueue's run_at, or when a failed attempt's next one is due).
-- claim_key: the claim order, run_at − priority × the aging interval (the engine computes the lead at
--   enqueue; every reschedule keeps claim_key − run_at). Lowest first: a higher priority starts ahead in line,
--   and a waiting task is overtaken only by tasks that became due less than their lead after it — so a task
--   of the lowest priority is claimed before any task of the highest that became due 20 aging intervals later.
-- attempt_log: every ended attempt but the last (the last is read from the row), as JSON objects.
-- backoff: the task's own backoff (NULL: its type's).
ALTER TABLE tasks ADD COLUMN run_at TIMESTAMPTZ;
ALTER TABLE tasks ADD COLUMN claim_key TIMESTAMPTZ;
ALTER TABLE tasks ADD COLUMN attempt_log JSONB NOT NULL DEFAULT '[]';
ALTER TABLE tasks ADD COLUMN backoff JSONB;
ALTER TABLE tasks ADD COLUMN idempotency_key TEXT;
UPDATE tasks SET run_at = created_at, claim_key = created_at - make_interval(secs => priority * 3);
ALTER TABLE tasks ALTER COLUMN run_at SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN claim_key SET NOT NULL;

-- The claim walks this index in claim order and stops after its limit (no sort, however many are pending);
-- it replaces tasks_pending_idx, so a transition writes no more index entries than before.
DROP INDEX IF EXISTS tasks_pending_idx;
CREATE INDEX tasks_claim_idx ON tasks (claim_key, task_id) WHERE status = 'pending';
-- The nearest delayed task (the runner's timer): only tasks that wait past their creation are in it, so an
-- ordinary enqueue writes no entry here.
CREATE INDEX tasks_delayed_idx ON tasks (run_at) WHERE status = 'pending' AND run_at > created_at;
-- One task per type and key; the key of a task finished before the window is cleared when it is reused.
CREATE UNIQUE INDEX tasks_idempotency_idx ON tasks (task_type, idempotency_key) WHERE idempotency_key IS NOT NULL;
