-- Scheduled tasks (issue 12; docs/schedules.md): a schedule creates a task of task_type with payload on every tick
-- of cron in timezone, exactly once per tick on any number of nodes (the pass locks the row, inserts the tick's
-- task and advances next_run_at in one transaction; src/store/postgres/PostgresScheduleStore.ts).
-- next_run_at: the first tick not yet handled, NULL while disabled; last_run_at: the newest tick handled.
-- last_task_id: the newest task created (by a tick or "run now"); no foreign key, as finished tasks are cleaned up.
-- queued_for: overlap 'queue', the tick whose task waits for the previous one to end.
-- skipped_count: ticks a policy passed over; version: bumped by every edit (a pass's writes keep it).
CREATE TABLE schedules (
  id            UUID PRIMARY KEY,
  name          TEXT        NOT NULL,
  task_type     TEXT        NOT NULL,
  payload       JSONB,
  cron          TEXT        NOT NULL,
  timezone      TEXT        NOT NULL DEFAULT 'UTC',
  enabled       BOOLEAN     NOT NULL DEFAULT true,
  missed        TEXT        NOT NULL DEFAULT 'skip' CHECK (missed IN ('skip', 'once', 'all')),
  missed_cap    INTEGER     NOT NULL DEFAULT 10,
  overlap       TEXT        NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'queue', 'allow')),
  next_run_at   TIMESTAMPTZ,
  last_run_at   TIMESTAMPTZ,
  last_task_id  UUID,
  queued_for    TIMESTAMPTZ,
  last_error    TEXT,
  skipped_count BIGINT      NOT NULL DEFAULT 0,
  created_by    INTEGER,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  version       INTEGER     NOT NULL DEFAULT 1
);
-- The nearest tick (every node's timer) and the due schedules of a pass; disabled schedules are not in it.
CREATE INDEX schedules_next_run_idx ON schedules (next_run_at) WHERE enabled;
-- The schedules holding a queued tick (a pass checks whether their previous task has ended); usually none.
CREATE INDEX schedules_queued_idx ON schedules (queued_for) WHERE enabled AND queued_for IS NOT NULL;
