-- Notifications (issue 15; src/notifications/port.ts, docs/notifications.md): the same tables as PostgreSQL's
-- migration 013 (see there for the pipeline). Times are Unix milliseconds (INTEGER) by SQLite's clock; arrays and
-- JSON values are TEXT; booleans 0/1.
-- notification_rules: the admins' rules; user_ids, user_channels, emails are JSON arrays.
CREATE TABLE notification_rules (
  id             TEXT    PRIMARY KEY,
  name           TEXT    NOT NULL,
  event          TEXT    NOT NULL CHECK (event IN ('completed', 'failed', 'stuck', 'schedule_missed')),
  task_type      TEXT,
  stuck_minutes  REAL,
  user_ids       TEXT    NOT NULL DEFAULT '[]',
  user_channels  TEXT    NOT NULL DEFAULT '[]',
  emails         TEXT    NOT NULL DEFAULT '[]',
  webhook_url    TEXT,
  webhook_secret TEXT,
  mode           TEXT    NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest')),
  digest_minutes INTEGER,
  enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_by     INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
-- The outbox trigger's probe (and the schedule pass's): the enabled rules of one event, by task type.
CREATE INDEX notification_rules_event_idx ON notification_rules (event, task_type) WHERE enabled = 1;

-- "Сообщить мне по завершении": a user's watch of one task; channels a JSON array. Goes with its task.
CREATE TABLE task_watches (
  task_id    TEXT    NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL,
  channels   TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (task_id, user_id)
) WITHOUT ROWID;

-- The outbox. dedupe_key: NULL for the trigger's rows; `stuck:…`, `missed:<schedule id>:<last_run_at>` otherwise.
-- No foreign keys: an event outlives its task and its rule. processed_at: set by the expansion.
CREATE TABLE notification_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'failed', 'cancelled', 'stuck', 'schedule_missed')),
  dedupe_key   TEXT    UNIQUE,
  task_id      TEXT,
  task_type    TEXT,
  rule_id      TEXT,
  detail       TEXT,
  created_at   INTEGER NOT NULL,
  processed_at INTEGER
);
-- The notifier's read: the unprocessed events in id order (usually none or a few).
CREATE INDEX notification_events_pending_idx ON notification_events (id) WHERE processed_at IS NULL;

-- The outbox trigger: a task's move to completed, failed (final: a failure with attempts left goes back to pending
-- through retryLater/recoverAbandoned, which this does not match) or cancelled records an event in the status
-- change's own transaction, when an enabled rule of that event matches the task's type or someone watches the task
-- (cancelled: watchers only). Tasks nobody listens to cost the two index probes of the WHEN clause, no write.
-- An UPDATE trigger sees every way a task ends: completeTask(Known) (single and batched writes run one per task),
-- failTask (from running, or from pending without a fence), markCancelled, retryLater ending cancelled,
-- requestCancel of a pending task, recoverAbandoned (the reaper: failed or cancelled). No statement inserts a
-- task already final (inserts are pending, or running for a claimed insert).
CREATE TRIGGER tasks_notification_outbox AFTER UPDATE OF status ON tasks
FOR EACH ROW WHEN NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS NOT NEW.status
  AND (EXISTS (SELECT 1 FROM task_watches w WHERE w.task_id = NEW.task_id)
    OR (NEW.status <> 'cancelled' AND EXISTS (SELECT 1 FROM notification_rules r
      WHERE r.enabled = 1 AND r.event = NEW.status AND (r.task_type IS NULL OR r.task_type = NEW.task_type))))
BEGIN
  INSERT INTO notification_events (kind, task_id, task_type, created_at)
  VALUES (NEW.status, NEW.task_id, NEW.task_type, CAST(round(unixepoch('subsec') * 1000) AS INTEGER));
END;

-- One message to send: id a UUID; dedupe_key its idempotency key (unique). content: the planned JSON (NULL for a
-- digest, whose items are notification_digest_items). is_digest with window_start/window_end: the period it
-- covers. attempt: bumped by every claim (the fence of the marks); next_attempt_at: when it may be claimed (a
-- claim's lease end, a retry's time, a digest's due_at). sent_at: when sent.
CREATE TABLE notification_deliveries (
  id              TEXT    PRIMARY KEY,
  dedupe_key      TEXT    NOT NULL UNIQUE,
  channel         TEXT    NOT NULL CHECK (channel IN ('email', 'app', 'webhook')),
  recipient       TEXT    NOT NULL,
  user_id         INTEGER,
  rule_id         TEXT,
  content         TEXT,
  is_digest       INTEGER NOT NULL DEFAULT 0 CHECK (is_digest IN (0, 1)),
  window_start    INTEGER,
  window_end      INTEGER,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempt         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  due_at          INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
-- The claim: the pending deliveries due now, earliest first.
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';

-- What a digest holds: one row per event (counted by type, the first errors quoted).
CREATE TABLE notification_digest_items (
  delivery_id TEXT    NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  event_id    INTEGER NOT NULL,
  task_type   TEXT,
  task_id     TEXT,
  error       TEXT,
  PRIMARY KEY (delivery_id, event_id)
) WITHOUT ROWID;

-- Flood control of immediate rules: per (rule, recipient, channel) key, the open window and its digest's key.
CREATE TABLE notification_flood_windows (
  window_key   TEXT    PRIMARY KEY,
  window_start INTEGER NOT NULL,
  window_end   INTEGER NOT NULL,
  digest_key   TEXT    NOT NULL
) WITHOUT ROWID;

-- The bell: one line per app delivery (delivery_id unique: a delivery is shown once); read_at NULL while unread.
CREATE TABLE app_notifications (
  id          TEXT    PRIMARY KEY,
  user_id     INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  task_id     TEXT,
  delivery_id TEXT    NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  read_at     INTEGER
);
-- A user's newest lines; their unread count.
CREATE INDEX app_notifications_user_idx ON app_notifications (user_id, created_at);
CREATE INDEX app_notifications_unread_idx ON app_notifications (user_id) WHERE read_at IS NULL;
