-- The lines handlers log with ctx.log (issue 14), per task in seq order (1, 2, … across attempts); the store keeps
-- a task's newest lines (TASKCAST_TASK_LOG_LINES) and the lines go with the task (ON DELETE CASCADE: retention,
-- clean-up; the primary key is the index the cascade looks up).
CREATE TABLE task_logs (
  task_id UUID NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  fields JSONB,
  PRIMARY KEY (task_id, seq)
);
