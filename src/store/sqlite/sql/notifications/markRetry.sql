-- markRetry: a failed try: due again at @now + @retry, the error kept; only while attempt @attempt holds it.
-- Params: @id, @attempt, @now (ms), @retry (ms), @error.
UPDATE notification_deliveries SET next_attempt_at = @now + @retry, last_error = @error
WHERE id = @id AND attempt = @attempt AND status = 'pending'
