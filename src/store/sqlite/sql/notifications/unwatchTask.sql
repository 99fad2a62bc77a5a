-- unwatchTask: removes a user's watch of a task.
-- Params: @task_id, @user_id.
DELETE FROM task_watches WHERE task_id = @task_id AND user_id = @user_id
