-- insertAppNotification: the bell's line of an app delivery (one per delivery); returns it.
-- Params: $1 id, $2 user_id, $3 kind, $4 title, $5 body, $6 task_id, $7 delivery_id.
INSERT INTO app_notifications (id, user_id, kind, title, body, task_id, delivery_id)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (delivery_id) DO NOTHING
RETURNING id, kind, title, body, task_id, created_at, read_at
