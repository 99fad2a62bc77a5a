-- getWatch: a user's watch of a task.
-- Params: @task_id, @user_id.
SELECT task_id, user_id, channels, created_at FROM task_watches WHERE task_id = @task_id AND user_id = @user_id
