-- advanceTaskMinutes: the roll-up's compare-and-set; no row changed when another process moved it first.
-- Params: @until, @doneUntil (NULL before the first roll-up).
UPDATE task_minutes_state SET done_until = @until WHERE id = 1 AND done_until IS @doneUntil
