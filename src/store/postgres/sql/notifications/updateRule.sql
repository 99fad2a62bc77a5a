-- updateRule: an edit. The patch is one JSON object: a key present is written (its JSON null as NULL), a key absent
-- keeps the column; updated_at becomes now. Returns the row (nothing when there is no such rule).
-- Params: $1 id, $2 patch (JSON text: name, event, task_type, stuck_minutes, user_ids, user_channels, emails,
--   webhook_url, webhook_secret, mode, digest_minutes, enabled).
WITH p AS (SELECT $2::jsonb AS j)
UPDATE notification_rules SET
  name = CASE WHEN p.j ? 'name' THEN p.j->>'name' ELSE name END,
  event = CASE WHEN p.j ? 'event' THEN p.j->>'event' ELSE event END,
  task_type = CASE WHEN p.j ? 'task_type' THEN p.j->>'task_type' ELSE task_type END,
  stuck_minutes = CASE WHEN p.j ? 'stuck_minutes' THEN (p.j->>'stuck_minutes')::double precision ELSE stuck_minutes END,
  user_ids = CASE WHEN p.j ? 'user_ids' THEN p.j->'user_ids' ELSE user_ids END,
  user_channels = CASE WHEN p.j ? 'user_channels' THEN p.j->'user_channels' ELSE user_channels END,
  emails = CASE WHEN p.j ? 'emails' THEN p.j->'emails' ELSE emails END,
  webhook_url = CASE WHEN p.j ? 'webhook_url' THEN p.j->>'webhook_url' ELSE webhook_url END,
  webhook_secret = CASE WHEN p.j ? 'webhook_secret' THEN p.j->>'webhook_secret' ELSE webhook_secret END,
  mode = CASE WHEN p.j ? 'mode' THEN p.j->>'mode' ELSE mode END,
  digest_minutes = CASE WHEN p.j ? 'digest_minutes' THEN (p.j->>'digest_minutes')::integer ELSE digest_minutes END,
  enabled = CASE WHEN p.j ? 'enabled' THEN (p.j->>'enabled')::boolean ELSE enabled END,
  updated_at = now()
FROM p
WHERE id = $1
RETURNING notification_rules.*
