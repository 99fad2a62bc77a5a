-- databaseNow: the database's clock (every time of the notification store).
-- Params: none.
SELECT now() AS now
