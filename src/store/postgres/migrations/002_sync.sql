-- Data synced from 1C, and its classification.
CREATE TABLE contractors (
  ref           UUID PRIMARY KEY,
  source        TEXT        NOT NULL,
  name          TEXT        NOT NULL,
  full_name     TEXT        NOT NULL DEFAULT '',
  inn           TEXT        NOT NULL DEFAULT '',
  kpp           TEXT        NOT NULL DEFAULT '',
  person_type   TEXT CHECK (person_type IN ('legal', 'individual')),
  deletion_mark BOOLEAN     NOT NULL DEFAULT false,
  data_version  TEXT        NOT NULL,
  synced_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX contractors_name_idx ON contractors (name);

CREATE TABLE categories (
  id        SERIAL PRIMARY KEY,
  name      TEXT NOT NULL,
  direction TEXT NOT NULL DEFAULT 'any' CHECK (direction IN ('in', 'out', 'any'))
);
CREATE UNIQUE INDEX categories_name_idx ON categories (lower(name));

CREATE TABLE classification_rules (
  id               SERIAL PRIMARY KEY,
  category_id      INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  priority         INTEGER NOT NULL DEFAULT 100,
  direction        TEXT CHECK (direction IN ('in', 'out')),
  operation_kinds  JSONB,
  keywords         JSONB,
  counterparty_ref UUID
);

CREATE TABLE bank_transactions (
  ref               UUID PRIMARY KEY,
  direction         TEXT        NOT NULL CHECK (direction IN ('in', 'out')),
  doc_type          TEXT        NOT NULL,
  number            TEXT        NOT NULL,
  date              DATE        NOT NULL,
  amount_kopecks    BIGINT      NOT NULL,
  currency_code     TEXT,
  counterparty_ref  UUID,
  counterparty_type TEXT,
  counterparty_name TEXT,
  purpose           TEXT        NOT NULL DEFAULT '',
  operation_kind    TEXT        NOT NULL DEFAULT '',
  posted            BOOLEAN     NOT NULL,
  data_version      TEXT        NOT NULL,
  category_id       INTEGER REFERENCES categories (id) ON DELETE SET NULL,
  category_source   TEXT CHECK (category_source IN ('rule', 'manual')),
  seen_run          TEXT, -- the run (sync task) that last saw it; see deleteUnseenBankTransactions
  synced_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX bank_transactions_date_idx ON bank_transactions (date);
CREATE INDEX bank_transactions_counterparty_idx ON bank_transactions (counterparty_ref);
