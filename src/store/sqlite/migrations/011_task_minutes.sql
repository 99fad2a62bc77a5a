-- Per-minute figures of the tasks (issue 14): the same tables as PostgreSQL's migration 011 (see there for what
-- each column holds and how rows are computed). Times are Unix milliseconds; the buckets are JSON text.
CREATE TABLE task_minutes (
  minute       INTEGER NOT NULL,
  task_type    TEXT    NOT NULL,
  completed    INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  cancelled    INTEGER NOT NULL DEFAULT 0,
  retried      INTEGER NOT NULL DEFAULT 0,
  wait_count   INTEGER NOT NULL DEFAULT 0,
  wait_sum_ms  INTEGER NOT NULL DEFAULT 0,
  run_count    INTEGER NOT NULL DEFAULT 0,
  run_sum_ms   INTEGER NOT NULL DEFAULT 0,
  wait_buckets TEXT    NOT NULL DEFAULT '{}',
  run_buckets  TEXT    NOT NULL DEFAULT '{}',
  pending      INTEGER,
  running      INTEGER,
  PRIMARY KEY (minute, task_type)
) WITHOUT ROWID;
CREATE TABLE task_minutes_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  done_until INTEGER
);
INSERT INTO task_minutes_state (id, done_until) VALUES (1, NULL);
