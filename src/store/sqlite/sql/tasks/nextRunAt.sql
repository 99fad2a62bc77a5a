-- nextRunAt: the earliest run_at among delayed pending tasks of the given types (the runner's timer). Not only
-- future ones: a task that became due after the last claim's instant must not be forgotten. Walks
-- tasks_delayed_idx (only tasks that wait past their creation are in it) up to the first of those types.
-- Params: @types (JSON array of task types).
SELECT run_at FROM tasks INDEXED BY tasks_delayed_idx
WHERE status = 'pending' AND run_at > created_at AND task_type IN (SELECT value FROM json_each(@types))
ORDER BY run_at LIMIT 1
