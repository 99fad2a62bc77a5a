-- taskMinutesState: the database machine's clock and the end of the minutes rolled up.
SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER) AS now, done_until FROM task_minutes_state WHERE id = 1
