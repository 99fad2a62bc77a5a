-- Tasks and users. Times are Unix milliseconds (INTEGER); JSON columns hold TEXT.
CREATE TABLE tasks (
  task_id          TEXT PRIMARY KEY,
  task_type        TEXT    NOT NULL,
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  total            INTEGER,
  processed        INTEGER NOT NULL DEFAULT 0,
  message          TEXT,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  completed_at     INTEGER,
  result           TEXT,
  error            TEXT,
  payload          TEXT,
  metadata         TEXT    NOT NULL DEFAULT '{}',
  checkpoint       TEXT,
  user_id          INTEGER,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  attempt          INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL DEFAULT 1,
  priority         INTEGER NOT NULL DEFAULT 0,
  seq              INTEGER NOT NULL DEFAULT 1,
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  timeout_ms       INTEGER,
  -- Tasks with the same key are never pending or running at the same time (e.g. one sync of each kind).
  singleton_key    TEXT
) WITHOUT ROWID; -- every access is by task_id (or an index ending in it): one B-tree instead of two

-- Claims scan only pending rows, highest priority first, then oldest (task ids are time-ordered).
CREATE INDEX tasks_pending_idx ON tasks (priority DESC, task_id) WHERE status = 'pending';
CREATE INDEX tasks_running_idx ON tasks (lease_owner) WHERE status = 'running';
CREATE UNIQUE INDEX tasks_singleton_idx ON tasks (singleton_key) WHERE status IN ('pending', 'running') AND singleton_key IS NOT NULL;
CREATE INDEX tasks_owner_idx ON tasks (user_id, task_id);
CREATE INDEX tasks_type_idx ON tasks (task_type, task_id);
-- No index on completed_at: clean-up is rare and may scan; every index on status costs each transition.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'user')),
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));
