-- Every claim and every completion changes `status`, which partial indexes refer to, so PostgreSQL cannot
-- update a task in place (HOT): each transition writes a new entry into every index of the table. On a flood
-- of short tasks the indexes below cost a sixth to a fifth of the database's work per task:
-- - tasks_type_idx served only an admin's filter by type; the primary key, walked newest first, serves it as
--   well for types that are not rare;
-- - tasks_finished_idx served only the clean-up, a rare admin-triggered delete that may scan the table;
-- - tasks_owner_idx now holds only tasks that have an owner: an owner's list (`user_id = …`) never looks
--   for the others, and tasks enqueued by code without an owner no longer write it on every transition.
DROP INDEX IF EXISTS tasks_type_idx;
DROP INDEX IF EXISTS tasks_finished_idx;
DROP INDEX IF EXISTS tasks_owner_idx;
CREATE INDEX tasks_owner_idx ON tasks (user_id, task_id) WHERE user_id IS NOT NULL;
