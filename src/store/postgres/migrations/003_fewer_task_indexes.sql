-- Every claim and every completion changes `status`, which partial indexes refer to, so PostgreSQL cannot
-- update a task in place (HOT): each transition writes a new entry into every index of the table. Measured on
-- a flood of short tasks, the two indexes below cost about a sixth of the database's work per task while
-- serving only an admin's filter by type (the primary key, walked newest first, serves it as well for types
-- that are not rare) and the clean-up (a rare, admin-triggered delete that may scan the table).
DROP INDEX IF EXISTS tasks_type_idx;
DROP INDEX IF EXISTS tasks_finished_idx;
