-- deleteTaskMinutesBefore: the retention of the per-minute figures.
-- Params: $1 before (ms).
DELETE FROM task_minutes WHERE minute < to_timestamp($1::double precision / 1000)
