-- The same task indexes as PostgreSQL's migration 003 (see there): no index on the type (the primary key,
-- walked newest first, serves an admin's filter by type), and the owner index only for tasks with an owner.
DROP INDEX IF EXISTS tasks_type_idx;
DROP INDEX IF EXISTS tasks_owner_idx;
CREATE INDEX tasks_owner_idx ON tasks (user_id, task_id) WHERE user_id IS NOT NULL;
