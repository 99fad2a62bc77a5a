-- listTaskMinutes: the stored minutes [@from, @to), oldest first.
-- Params: @from, @to (ms).
SELECT * FROM task_minutes WHERE minute >= @from AND minute < @to ORDER BY minute, task_type
