-- The shared pace of requests to each 1C base (ONEC_MAX_RPS): one token bucket per OData base URL, taken by every
-- task on every node with one guarded upsert (src/store/sqlite/SqliteRequestBuckets.ts). Times are ms since the epoch
-- (the database's clock on PostgreSQL, so nodes with skewed clocks agree); not_before_ms is 1C's last Retry-After.
CREATE TABLE onec_request_buckets (
  base_url TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_ms REAL NOT NULL,
  not_before_ms REAL NOT NULL DEFAULT 0
);
