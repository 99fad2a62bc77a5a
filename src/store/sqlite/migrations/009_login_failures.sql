-- Failed log-ins per key (issue 13): `name:<user name>` or `addr:<client address>`, counted by every process sharing
-- the file (src/store/sqlite/SqliteLoginAttempts.ts). Times are ms since the epoch. A row is of no use once
-- expires_ms has passed (its window and its lock are over) and is deleted then.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_failures_expires ON login_failures (expires_ms);
