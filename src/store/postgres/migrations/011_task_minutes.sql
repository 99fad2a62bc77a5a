-- Per-minute figures of the tasks (issue 14; the «Мониторинг» page and GET /api/v1/metrics/summary), kept for
-- TASKCAST_METRICS_RETENTION_DAYS. One row per closed minute and task type with anything to count. Every figure is
-- computed from the tasks table itself (src/monitoring/MinuteRollup.ts), so any node rolling up a closed minute
-- writes the same row and the insert is ON CONFLICT DO NOTHING. A finished task counts in the minute of its
-- completed_at: its outcome, its last attempt's wait (run_at → started_at) and run (started_at → completed_at);
-- a retried attempt counts in the minute its attempt_log entry ended. Tasks deleted by the task retention before
-- their minute was rolled up are not counted (the roll-up runs every minute, the retention is hours).
-- wait_buckets / run_buckets: counts per log bucket {"i": n}, bucket i holding [2^(i/4), 2^((i+1)/4)) ms; they
-- merge across minutes by adding, which gives p50/p95/p99 over any range within ±9 %.
-- pending / running: sampled when the minute was rolled up (NULL for minutes rolled up later, after a pause).
CREATE TABLE task_minutes (
  minute       TIMESTAMPTZ NOT NULL,
  task_type    TEXT        NOT NULL,
  completed    INTEGER     NOT NULL DEFAULT 0,
  failed       INTEGER     NOT NULL DEFAULT 0,
  cancelled    INTEGER     NOT NULL DEFAULT 0,
  retried      INTEGER     NOT NULL DEFAULT 0,
  wait_count   INTEGER     NOT NULL DEFAULT 0,
  wait_sum_ms  BIGINT      NOT NULL DEFAULT 0,
  run_count    INTEGER     NOT NULL DEFAULT 0,
  run_sum_ms   BIGINT      NOT NULL DEFAULT 0,
  wait_buckets JSONB       NOT NULL DEFAULT '{}',
  run_buckets  JSONB       NOT NULL DEFAULT '{}',
  pending      INTEGER,
  running      INTEGER,
  PRIMARY KEY (minute, task_type)
);
-- How far the roll-up has got: every minute before done_until is in task_minutes. One row; a node advances it
-- with a compare-and-set in the transaction that inserts the minutes, so a pass finding it moved does nothing.
CREATE TABLE task_minutes_state (
  id         INTEGER     PRIMARY KEY CHECK (id = 1),
  done_until TIMESTAMPTZ
);
INSERT INTO task_minutes_state (id, done_until) VALUES (1, NULL);
