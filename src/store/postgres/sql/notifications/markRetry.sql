-- markRetry: a failed try: due again $3 ms from now, the error kept; only while attempt $2 holds it.
-- Params: $1 id, $2 attempt, $3 retry ms, $4 error.
UPDATE notification_deliveries SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
WHERE id = $1 AND attempt = $2 AND status = 'pending'
