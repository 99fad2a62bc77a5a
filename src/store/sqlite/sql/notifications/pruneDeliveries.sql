-- pruneDeliveries: sent deliveries sent before @before, given-up ones created before it (their items go with them).
-- Params: @before (ms).
DELETE FROM notification_deliveries
WHERE status = 'sent' AND sent_at < @before OR status = 'failed' AND created_at < @before
