-- The tasks page at a million tasks (issue 16, bench:tasklist, docs/benchmarks.md): a filter by a rare type and a
-- manager's shared types walked the primary key past every other task (seconds). Migration 003 dropped this index
-- to spare each task transition an index entry (issue 18); it comes back because nothing else finds a rare type's
-- tasks newest first. Its columns never change after the insert, so SQLite writes it once per task; PostgreSQL
-- writes an entry on each non-HOT update as well (a status change already makes every update non-HOT).
CREATE INDEX IF NOT EXISTS tasks_type_idx ON tasks (task_type, task_id);
