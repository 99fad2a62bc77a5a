-- nextRunAt: the earliest run_at after @now among pending tasks of the given types (the runner's timer). Walks
-- tasks_delayed_idx from @now (only tasks that wait past their creation are in it) up to the first of those types.
-- Params: @now (ms), @types (JSON array of task types).
SELECT run_at FROM tasks INDEXED BY tasks_delayed_idx
WHERE status = 'pending' AND run_at > created_at AND run_at > @now AND task_type IN (SELECT value FROM json_each(@types))
ORDER BY run_at LIMIT 1
