-- taskMinutesState: the database's clock and the end of the minutes rolled up.
SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now,
  (extract(epoch FROM done_until) * 1000)::bigint AS done_until
FROM task_minutes_state WHERE id = 1
