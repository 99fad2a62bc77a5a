-- deleteSchedule: removes one schedule (its tasks stay).
-- Params: ? id.
DELETE FROM schedules WHERE id = ?
