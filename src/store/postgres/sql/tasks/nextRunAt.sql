-- nextRunAt: the earliest run_at among delayed pending tasks of the given types (the runner's timer), and the
-- time until then by this database's clock (the clock claims compare with: a node whose clock is off still arms
-- its timer right). Not only future ones: a task that became due after the last claim's instant must not be
-- forgotten. Walks tasks_delayed_idx: only tasks that wait past their creation are in it.
-- Params: $1 task types (text[]).
-- Returns: at (NULL when none), in_ms.
SELECT min(run_at) AS at, (extract(epoch FROM min(run_at) - now()) * 1000)::float8 AS in_ms FROM tasks
WHERE status = 'pending' AND run_at > created_at AND task_type = ANY($1::text[])
