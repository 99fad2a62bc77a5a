-- markFailed: given up: never tried again, the error kept; only while attempt $2 holds it.
-- Params: $1 id, $2 attempt, $3 error.
UPDATE notification_deliveries SET status = 'failed', last_error = $3
WHERE id = $1 AND attempt = $2 AND status = 'pending'
