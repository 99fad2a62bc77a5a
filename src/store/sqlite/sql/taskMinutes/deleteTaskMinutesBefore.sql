-- deleteTaskMinutesBefore: the retention of the per-minute figures.
-- Params: @before (ms).
DELETE FROM task_minutes WHERE minute < @before
