-- An owner's list with a status filter (a user's failed tasks; issue 16, bench:tasklist) counted its matches by
-- looking each of the owner's tasks up in the table. With the status in the owner index the count reads the index
-- alone. The cost: SQLite rewrites an index entry only when one of its columns changes, so a task with an owner
-- now rewrites its entry here on each status change (start, end); tasks without an owner are not in this index.
DROP INDEX IF EXISTS tasks_owner_idx;
CREATE INDEX tasks_owner_idx ON tasks (user_id, task_id, status) WHERE user_id IS NOT NULL;
