-- deleteFinishedBefore: deletes the tasks that finished (completed, failed, cancelled) before a cutoff.
-- Params: $1 cutoff (timestamptz).
DELETE FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < $1
