-- Failed log-ins per key (issue 13): `name:<user name>` or `addr:<client address>`, counted by every node
-- (src/store/postgres/PostgresLoginAttempts.ts). Times are ms since the epoch on the database's clock, so nodes with
-- skewed clocks agree. A row is of no use once expires_ms has passed (its window and its lock are over) and is deleted then.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX login_failures_expires ON login_failures (expires_ms);
