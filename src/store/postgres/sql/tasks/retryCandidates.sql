-- retryCandidates: the ids of up to $3 tasks of status $1 (and type $2, NULL for any), oldest first: what a bulk
-- retry takes, one retryFinished each.
-- Params: $1 status ('failed' or 'cancelled'), $2 task type or NULL, $3 limit.
SELECT task_id FROM tasks WHERE status = $1 AND ($2::text IS NULL OR task_type = $2::text) ORDER BY task_id LIMIT $3
