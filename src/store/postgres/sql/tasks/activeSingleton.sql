-- activeSingleton: the active (pending or running) task holding a singleton key, after an insert broke its
-- uniqueness.
-- Params: $1 singleton_key.
SELECT task_id FROM tasks WHERE singleton_key = $1 AND status IN ('pending', 'running')
