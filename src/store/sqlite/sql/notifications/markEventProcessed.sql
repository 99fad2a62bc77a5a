-- markEventProcessed: an expansion's claim on its event: processed at @now, only if it was not yet; returns its
-- created_at (nothing when another expansion got there first).
-- Params: @id, @now (ms).
UPDATE notification_events SET processed_at = @now WHERE id = @id AND processed_at IS NULL RETURNING created_at
