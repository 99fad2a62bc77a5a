-- retryCandidates: the ids of up to @limit tasks of a status (and, when given, a type), oldest first: what a bulk
-- retry takes (the primary key walked in order; no sort).
-- Params: @status ('failed' or 'cancelled'), @taskType (NULL for every type), @limit.
SELECT task_id FROM tasks WHERE status = @status AND (@taskType IS NULL OR task_type = @taskType) ORDER BY task_id LIMIT @limit
