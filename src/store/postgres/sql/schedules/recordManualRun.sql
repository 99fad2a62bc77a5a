-- recordManualRun: a task created outside the ticks ("run now") becomes the schedule's last task. Not an edit:
-- version and updated_at stay, and no node needs to re-arm.
-- Params: $1 id, $2 task_id.
UPDATE schedules SET last_task_id = $2 WHERE id = $1
