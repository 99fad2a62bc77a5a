-- watchTask: a user's watch of a task, inserted or its channels replaced (created_at kept); returns it.
-- Params: $1 task_id, $2 user_id, $3 channels (JSON text).
INSERT INTO task_watches (task_id, user_id, channels) VALUES ($1, $2, $3::jsonb)
ON CONFLICT (task_id, user_id) DO UPDATE SET channels = excluded.channels
RETURNING task_id, user_id, channels, created_at
