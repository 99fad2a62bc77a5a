-- Accounts (issue 16, issue 15's e-mail): the same columns as PostgreSQL's migration 012 (see there for what each
-- holds). SQLite has no boolean: `disabled` is 0 or 1.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
