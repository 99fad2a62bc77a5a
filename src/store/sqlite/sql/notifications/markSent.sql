-- markSent: a delivery sent, while attempt @attempt still holds it (the fence); returns its user and recipient.
-- Params: @id, @attempt, @now (ms).
UPDATE notification_deliveries SET status = 'sent', sent_at = @now, last_error = NULL
WHERE id = @id AND attempt = @attempt AND status = 'pending'
RETURNING user_id, recipient
