-- queueCounts: pending and running tasks per type now (the claim and running indexes hold exactly these rows).
SELECT task_type, count(*) FILTER (WHERE status = 'pending')::int AS pending,
  count(*) FILTER (WHERE status = 'running')::int AS running
FROM tasks WHERE status IN ('pending', 'running') GROUP BY task_type
