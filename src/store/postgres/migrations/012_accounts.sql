-- Accounts (issue 16, issue 15's e-mail).
-- email: where the user's notifications go; optional, validated by the API, kept in lower case (e-mail is
--   compared case-insensitively), not unique (two accounts of one person may share it).
-- disabled: the account may not log in, and its tokens are refused.
-- token_generation: every token carries the generation it was issued under (the `gen` claim); changing or
--   resetting the password, or disabling the account, adds one, so every token issued before stops working.
--   The check costs nothing extra: the user's row is read on every request anyway (src/api/callers.ts).
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
