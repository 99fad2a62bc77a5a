-- lastEventId: the newest event's id (0 when none): the watcher's look for events inserted on any connection.
-- Params: none.
SELECT coalesce(max(id), 0) FROM notification_events
