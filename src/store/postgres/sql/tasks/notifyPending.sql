-- notifyPending: wakes the runners listening on the channel: tasks became pending.
-- Params: $1 notification channel.
SELECT pg_notify($1, '')
