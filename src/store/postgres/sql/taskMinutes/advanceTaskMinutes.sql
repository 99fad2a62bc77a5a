-- advanceTaskMinutes: the roll-up's compare-and-set; no row changed when another node moved it first.
-- Params: $1 until (ms), $2 the end it read (ms, NULL before the first roll-up).
UPDATE task_minutes_state SET done_until = to_timestamp($1::double precision / 1000)
WHERE id = 1 AND done_until IS NOT DISTINCT FROM to_timestamp($2::double precision / 1000)
