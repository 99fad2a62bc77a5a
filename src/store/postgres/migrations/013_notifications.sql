-- Notifications (issue 15; src/notifications/port.ts, docs/notifications.md). The pipeline, each step one
-- transaction: a task's final status change (a trigger, below) or a schedule pass with missed ticks records an event
-- in notification_events (the outbox) in its own transaction; the notifier expands each event into deliveries
-- (idempotent: every delivery has a unique dedupe_key, and the event is marked processed in the same transaction);
-- nodes claim due deliveries with a lease and mark them sent (an app delivery inserts the bell's line at once).
-- Inserts into notification_events and notification_deliveries notify taskcast_notifications_<schema>, so every
-- node's notifier wakes.
-- notification_rules: the admins' rules (the wire's NotificationRule).
CREATE TABLE notification_rules (
  id             UUID PRIMARY KEY,
  name           TEXT        NOT NULL,
  event          TEXT        NOT NULL CHECK (event IN ('completed', 'failed', 'stuck', 'schedule_missed')),
  task_type      TEXT,
  stuck_minutes  DOUBLE PRECISION,
  user_ids       JSONB       NOT NULL DEFAULT '[]',
  user_channels  JSONB       NOT NULL DEFAULT '[]',
  emails         JSONB       NOT NULL DEFAULT '[]',
  webhook_url    TEXT,
  webhook_secret TEXT,
  mode           TEXT        NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest')),
  digest_minutes INTEGER,
  enabled        BOOLEAN     NOT NULL DEFAULT true,
  created_by     INTEGER,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The outbox trigger's probe (and the schedule pass's): the enabled rules of one event, by task type.
CREATE INDEX notification_rules_event_idx ON notification_rules (event, task_type) WHERE enabled;

-- "Сообщить мне по завершении": a user's watch of one task. Goes with its task (the key is the cascade's index).
CREATE TABLE task_watches (
  task_id    UUID        NOT NULL REFERENCES tasks (task_id) ON DELETE CASCADE,
  user_id    INTEGER     NOT NULL,
  channels   JSONB       NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, user_id)
);

-- The outbox. dedupe_key: NULL for the trigger's rows; `stuck:…`, `missed:<schedule id>:<last_run_at>` otherwise.
-- No foreign keys: an event outlives its task and its rule. processed_at: set by the expansion. created_at is
-- kept to the millisecond (the flood windows' keys are in ms).
CREATE TABLE notification_events (
  id           BIGSERIAL PRIMARY KEY,
  kind         TEXT        NOT NULL CHECK (kind IN ('completed', 'failed', 'cancelled', 'stuck', 'schedule_missed')),
  dedupe_key   TEXT        UNIQUE,
  task_id      UUID,
  task_type    TEXT,
  rule_id      UUID,
  detail       JSONB,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT date_trunc('milliseconds', now()),
  processed_at TIMESTAMPTZ
);
-- The notifier's read: the unprocessed events in id order (usually none or a few).
CREATE INDEX notification_events_pending_idx ON notification_events (id) WHERE processed_at IS NULL;

-- The outbox trigger: a task's move to completed, failed (final: a failure with attempts left goes back to pending
-- through retryLater/recoverAbandoned, which this does not match) or cancelled records an event in the status
-- change's own transaction, when an enabled rule of that event matches the task's type or someone watches the task
-- (cancelled: watchers only). The WHEN clause (no subqueries allowed there) keeps every other update — claims,
-- progress, leases — from calling the function at all; a final change of a task nobody listens to costs the
-- function's two index probes, no write.
-- An UPDATE trigger sees every way a task ends: completeTask and the batched completeTasks/completeTasksKnown
-- (FOR EACH ROW: one call per task), failTask (from running, or from pending without a fence), markCancelled,
-- retryLater ending cancelled, requestCancel of a pending task, recoverAbandoned (the reaper: failed or cancelled).
-- No statement inserts a task already final (inserts are pending, or running for a claimed insert).
CREATE FUNCTION notification_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM task_watches w WHERE w.task_id = NEW.task_id)
    OR (NEW.status <> 'cancelled' AND EXISTS (SELECT 1 FROM notification_rules r
      WHERE r.enabled AND r.event = NEW.status AND (r.task_type IS NULL OR r.task_type = NEW.task_type))) THEN
    INSERT INTO notification_events (kind, task_id, task_type) VALUES (NEW.status, NEW.task_id, NEW.task_type);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER tasks_notification_outbox AFTER UPDATE OF status ON tasks
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('completed', 'failed', 'cancelled'))
EXECUTE FUNCTION notification_outbox();

-- One message to send: dedupe_key its idempotency key. content: the planned JSON (NULL for a digest, whose items are
-- notification_digest_items). is_digest with window_start/window_end: the period it covers. attempt: bumped by
-- every claim (the fence of the marks); next_attempt_at: when it may be claimed (a claim's lease end, a retry's
-- time, a digest's due_at). sent_at: when sent.
CREATE TABLE notification_deliveries (
  id              UUID PRIMARY KEY,
  dedupe_key      TEXT        NOT NULL UNIQUE,
  channel         TEXT        NOT NULL CHECK (channel IN ('email', 'app', 'webhook')),
  recipient       TEXT        NOT NULL,
  user_id         INTEGER,
  rule_id         UUID,
  content         JSONB,
  is_digest       BOOLEAN     NOT NULL DEFAULT false,
  window_start    TIMESTAMPTZ,
  window_end      TIMESTAMPTZ,
  status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempt         INTEGER     NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  due_at          TIMESTAMPTZ NOT NULL,
  last_error      TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at         TIMESTAMPTZ
);
-- The claim: the pending deliveries due now, earliest first.
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';

-- What a digest holds: one row per event (counted by type, the first errors quoted).
CREATE TABLE notification_digest_items (
  delivery_id UUID   NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  event_id    BIGINT NOT NULL,
  task_type   TEXT,
  task_id     UUID,
  error       TEXT,
  PRIMARY KEY (delivery_id, event_id)
);

-- Flood control of immediate rules: per (rule, recipient, channel) key, the open window and its digest's key.
CREATE TABLE notification_flood_windows (
  window_key   TEXT PRIMARY KEY,
  window_start TIMESTAMPTZ NOT NULL,
  window_end   TIMESTAMPTZ NOT NULL,
  digest_key   TEXT        NOT NULL
);

-- The bell: one line per app delivery (delivery_id unique: a delivery is shown once); read_at NULL while unread.
CREATE TABLE app_notifications (
  id          UUID PRIMARY KEY,
  user_id     INTEGER     NOT NULL,
  kind        TEXT        NOT NULL,
  title       TEXT        NOT NULL,
  body        TEXT        NOT NULL,
  task_id     UUID,
  delivery_id UUID        NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  read_at     TIMESTAMPTZ
);
-- A user's newest lines; their unread count.
CREATE INDEX app_notifications_user_idx ON app_notifications (user_id, created_at);
CREATE INDEX app_notifications_unread_idx ON app_notifications (user_id) WHERE read_at IS NULL;

-- Wakes every node's notifier (the channel is namespaced by the schema, as the other channels are); one
-- notification per transaction and table, as PostgreSQL folds equal ones.
CREATE FUNCTION notification_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('taskcast_notifications_' || TG_TABLE_SCHEMA, TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
CREATE TRIGGER notification_events_wake AFTER INSERT ON notification_events
FOR EACH STATEMENT EXECUTE FUNCTION notification_wake();
CREATE TRIGGER notification_deliveries_wake AFTER INSERT ON notification_deliveries
FOR EACH STATEMENT EXECUTE FUNCTION notification_wake();
