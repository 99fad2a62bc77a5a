-- notifyPending: wakes the runners listening on the channel: tasks became pending.
-- Params: $1 notification channel, $2 payload: the epoch ms when they become due if all of them wait, '?' when
--   some wait and some are due, else ''.
SELECT pg_notify($1, $2)
