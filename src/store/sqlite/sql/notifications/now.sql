-- now: the database's clock, ms since the epoch (every time of the notification store).
-- Params: none.
SELECT CAST(round(unixepoch('subsec') * 1000) AS INTEGER)
