-- queueCounts: pending and running tasks per type now (the claim and running indexes hold exactly these rows).
SELECT task_type, sum(status = 'pending') AS pending, sum(status = 'running') AS running
FROM tasks WHERE status IN ('pending', 'running') GROUP BY task_type
