-- deleteFinishedBefore: deletes the tasks that finished (completed, failed, cancelled) before a cutoff.
-- Params: ? cutoff (ms).
DELETE FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < ?
