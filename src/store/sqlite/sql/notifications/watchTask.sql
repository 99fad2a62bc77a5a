-- watchTask: a user's watch of a task, inserted or its channels replaced (created_at kept); returns it.
-- Params: @task_id, @user_id, @channels (JSON text), @now (ms).
INSERT INTO task_watches (task_id, user_id, channels, created_at) VALUES (@task_id, @user_id, @channels, @now)
ON CONFLICT (task_id, user_id) DO UPDATE SET channels = excluded.channels
RETURNING task_id, user_id, channels, created_at
