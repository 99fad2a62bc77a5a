-- markSent: a delivery sent, while attempt $2 still holds it (the fence); returns its user and recipient.
-- Params: $1 id, $2 attempt.
UPDATE notification_deliveries SET status = 'sent', sent_at = now(), last_error = NULL
WHERE id = $1 AND attempt = $2 AND status = 'pending'
RETURNING user_id, recipient
