-- databaseNow: the database's clock, which every node judges due-ness by.
-- Params: none.
-- Returns: now.
SELECT now() AS now
