-- The lines handlers log with ctx.log (issue 14), per task in seq order (1, 2, … across attempts); the store keeps
-- a task's newest lines (TASKCAST_TASK_LOG_LINES) and the lines go with the task (ON DELETE CASCADE: retention,
-- clean-up). `at` is ms since the epoch; `fields` JSON text or NULL.
CREATE TABLE task_logs (
  task_id TEXT NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  fields TEXT,
  PRIMARY KEY (task_id, seq)
) WITHOUT ROWID;
