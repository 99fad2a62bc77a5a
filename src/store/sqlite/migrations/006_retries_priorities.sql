-- Retries, delayed tasks, priorities that age, idempotency keys (issue 11): the same columns and indexes as
-- PostgreSQL's migration 006 (see there for what each is for). Times are Unix milliseconds, JSON is TEXT.
-- run_at: not claimed before this time. claim_key: the claim order, run_at − priority × the aging interval
--   (lowest first; every reschedule keeps claim_key − run_at). SQLite adds a NOT NULL column only with a
--   default: 0 here, replaced below for the existing rows; every insert sets both.
-- attempt_log: every ended attempt but the last (the last is read from the row), a JSON array.
-- backoff: the task's own backoff (NULL: its type's).
ALTER TABLE tasks ADD COLUMN run_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN claim_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN attempt_log TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tasks ADD COLUMN backoff TEXT;
ALTER TABLE tasks ADD COLUMN idempotency_key TEXT;
-- 3000: the default aging interval (ENGINE_DEFAULTS.priorityAgingMs), as PostgreSQL's migration uses.
UPDATE tasks SET run_at = created_at, claim_key = created_at - priority * 3000;

-- The claim walks this index in claim order and stops after its limit (no sort, however many are pending);
-- it replaces tasks_pending_idx, so a transition writes no more index entries than before.
DROP INDEX IF EXISTS tasks_pending_idx;
CREATE INDEX tasks_claim_idx ON tasks (claim_key, task_id) WHERE status = 'pending';
-- The nearest delayed task (the runner's timer): only tasks that wait past their creation are in it, so an
-- ordinary enqueue writes no entry here.
CREATE INDEX tasks_delayed_idx ON tasks (run_at) WHERE status = 'pending' AND run_at > created_at;
-- One task per type and key; the key of a task finished before the window is cleared when it is reused.
CREATE UNIQUE INDEX tasks_idempotency_idx ON tasks (task_type, idempotency_key) WHERE idempotency_key IS NOT NULL;
