-- Scheduled tasks (issue 12, docs/schedules.md): the same table as PostgreSQL's migration 008. (SQLite has no 007:
-- PostgreSQL's tasks_vacuum has nothing to do here; the numbers stay shared.) Times are Unix milliseconds
-- (INTEGER), as in tasks, judged by SQLite's own clock (the machine of the database file), never a process's;
-- the store turns them into ISO 8601 text. payload is JSON text; enabled is 0/1.
-- next_run_at: the first tick not yet handled; NULL while disabled. queued_for: overlap 'queue', the tick whose
--   task waits for last_task_id's task to end. last_task_id: no foreign key, the schedule's tasks may be deleted.
-- version: 1 at insert, bumped by every edit (never by a pass), the compare-and-set of edits.
CREATE TABLE schedules (
  id            TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL,
  task_type     TEXT    NOT NULL,
  payload       TEXT    NOT NULL,
  cron          TEXT    NOT NULL,
  timezone      TEXT    NOT NULL DEFAULT 'UTC',
  enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  missed        TEXT    NOT NULL DEFAULT 'skip' CHECK (missed IN ('skip', 'once', 'all')),
  missed_cap    INTEGER NOT NULL DEFAULT 10,
  overlap       TEXT    NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'queue', 'allow')),
  next_run_at   INTEGER,
  last_run_at   INTEGER,
  last_task_id  TEXT,
  queued_for    INTEGER,
  last_error    TEXT,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  created_by    INTEGER,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);

-- The scheduler's timer and its passes: the nearest next_run_at, the due ones, of the enabled schedules only.
CREATE INDEX schedules_next_run_idx ON schedules (next_run_at) WHERE enabled = 1;
-- The ticks waiting behind a running task (overlap 'queue'): almost always empty, so the passes need not scan.
CREATE INDEX schedules_queued_idx ON schedules (queued_for) WHERE enabled = 1 AND queued_for IS NOT NULL;
