-- now: the database's clock, ms since the epoch (SQLite's own 'now', ms precision; the store's every time).
-- Params: none.
SELECT CAST(round(unixepoch('subsec') * 1000) AS INTEGER)
