-- insertAppNotification: the bell's line of an app delivery (one per delivery); returns it.
-- Params: @id, @user_id, @kind, @title, @body, @task_id, @delivery_id, @now (ms).
INSERT INTO app_notifications (id, user_id, kind, title, body, task_id, delivery_id, created_at)
VALUES (@id, @user_id, @kind, @title, @body, @task_id, @delivery_id, @now)
ON CONFLICT (delivery_id) DO NOTHING
RETURNING id, kind, title, body, task_id, created_at, read_at
