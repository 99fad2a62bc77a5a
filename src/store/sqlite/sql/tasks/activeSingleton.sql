-- activeSingleton: the active (pending or running) task holding a singleton key, after an insert broke its
-- uniqueness.
-- Params: ? singleton_key.
SELECT * FROM tasks WHERE singleton_key = ? AND status IN ('pending', 'running')
