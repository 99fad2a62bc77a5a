-- Data synced from 1C, and its classification.
CREATE TABLE contractors (
  ref           TEXT PRIMARY KEY,
  source        TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  full_name     TEXT    NOT NULL DEFAULT '',
  inn           TEXT    NOT NULL DEFAULT '',
  kpp           TEXT    NOT NULL DEFAULT '',
  person_type   TEXT CHECK (person_type IN ('legal', 'individual')),
  deletion_mark INTEGER NOT NULL DEFAULT 0,
  data_version  TEXT    NOT NULL,
  synced_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX contractors_name_idx ON contractors (name);

CREATE TABLE categories (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  name      TEXT NOT NULL,
  direction TEXT NOT NULL DEFAULT 'any' CHECK (direction IN ('in', 'out', 'any'))
);
CREATE UNIQUE INDEX categories_name_idx ON categories (lower(name));

CREATE TABLE classification_rules (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  category_id      INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  priority         INTEGER NOT NULL DEFAULT 100,
  direction        TEXT CHECK (direction IN ('in', 'out')),
  operation_kinds  TEXT, -- JSON array or NULL
  keywords         TEXT, -- JSON array or NULL
  counterparty_ref TEXT
);

CREATE TABLE bank_transactions (
  ref               TEXT PRIMARY KEY,
  direction         TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  doc_type          TEXT    NOT NULL,
  number            TEXT    NOT NULL,
  date              TEXT    NOT NULL, -- YYYY-MM-DD
  amount_kopecks    INTEGER NOT NULL,
  currency_code     TEXT,
  counterparty_ref  TEXT,
  counterparty_type TEXT,
  counterparty_name TEXT,
  purpose           TEXT    NOT NULL DEFAULT '',
  operation_kind    TEXT    NOT NULL DEFAULT '',
  posted            INTEGER NOT NULL,
  data_version      TEXT    NOT NULL,
  category_id       INTEGER REFERENCES categories (id) ON DELETE SET NULL,
  category_source   TEXT CHECK (category_source IN ('rule', 'manual')),
  seen_run          TEXT, -- the run (sync task) that last saw it; see deleteUnseenBankTransactions
  synced_at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX bank_transactions_date_idx ON bank_transactions (date);
CREATE INDEX bank_transactions_counterparty_idx ON bank_transactions (counterparty_ref);
