-- recordManualRun: a task created outside the ticks ("run now") becomes the schedule's last task. Not an edit:
-- version and updated_at are kept.
-- Params: @id, @task_id.
UPDATE schedules SET last_task_id = @task_id WHERE id = @id
