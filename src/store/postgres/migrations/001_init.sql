-- Tasks and users.
CREATE TABLE tasks (
  task_id          UUID PRIMARY KEY,
  task_type        TEXT        NOT NULL,
  status           TEXT        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  total            BIGINT,
  processed        BIGINT      NOT NULL DEFAULT 0,
  message          TEXT,
  created_at       TIMESTAMPTZ NOT NULL,
  started_at       TIMESTAMPTZ,
  completed_at     TIMESTAMPTZ,
  result           JSONB,
  error            TEXT,
  payload          JSONB,
  metadata         JSONB       NOT NULL DEFAULT '{}',
  checkpoint       JSONB,
  user_id          INTEGER,
  cancel_requested BOOLEAN     NOT NULL DEFAULT false,
  attempt          INTEGER     NOT NULL DEFAULT 0,
  max_attempts     INTEGER     NOT NULL DEFAULT 1,
  priority         INTEGER     NOT NULL DEFAULT 0,
  seq              BIGINT      NOT NULL DEFAULT 1,
  lease_owner      TEXT,
  lease_expires_at TIMESTAMPTZ,
  timeout_ms       INTEGER,
  -- Tasks with the same key are never pending or running at the same time (e.g. one sync of each kind).
  singleton_key    TEXT
);

-- Claims scan only pending rows, highest priority first, then oldest (task ids are time-ordered).
CREATE INDEX tasks_pending_idx ON tasks (priority DESC, task_id) WHERE status = 'pending';
CREATE INDEX tasks_running_idx ON tasks (lease_owner) WHERE status = 'running';
CREATE UNIQUE INDEX tasks_singleton_idx ON tasks (singleton_key) WHERE status IN ('pending', 'running') AND singleton_key IS NOT NULL;
CREATE INDEX tasks_owner_idx ON tasks (user_id, task_id);
CREATE INDEX tasks_type_idx ON tasks (task_type, task_id);
CREATE INDEX tasks_finished_idx ON tasks (completed_at) WHERE status IN ('completed', 'failed', 'cancelled');

CREATE TABLE users (
  id            SERIAL PRIMARY KEY,
  username      TEXT        NOT NULL,
  password_hash TEXT        NOT NULL,
  role          TEXT        NOT NULL CHECK (role IN ('admin', 'manager', 'user')),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));
