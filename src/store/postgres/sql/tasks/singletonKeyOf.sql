-- singletonKeyOf: a task's singleton key (to name the active task holding it when a retry broke its uniqueness).
-- Params: $1 task_id.
SELECT singleton_key FROM tasks WHERE task_id = $1
