-- markFailed: given up: never tried again, the error kept; only while attempt @attempt holds it.
-- Params: @id, @attempt, @error.
UPDATE notification_deliveries SET status = 'failed', last_error = @error
WHERE id = @id AND attempt = @attempt AND status = 'pending'
