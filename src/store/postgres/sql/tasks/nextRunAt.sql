-- nextRunAt: the earliest run_at still to come among pending tasks of the given types (the runner's timer).
-- Walks tasks_delayed_idx: only tasks that wait past their creation are in it.
-- Params: $1 task types (text[]).
SELECT min(run_at) AS at FROM tasks
WHERE status = 'pending' AND run_at > created_at AND run_at > now() AND task_type = ANY($1::text[])
