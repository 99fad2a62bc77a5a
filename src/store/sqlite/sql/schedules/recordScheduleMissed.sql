-- recordScheduleMissed: a pass whose ticks made no task records a schedule_missed event, in the pass's transaction,
-- when an enabled schedule_missed rule wants one for the schedule's task type (or any); once per pass (dedupe_key
-- `missed:<schedule id>:<last_run_at>`).
-- Params: @dedupe_key, @task_type, @detail (JSON text {schedule_id, name, skipped}), @now (ms).
INSERT INTO notification_events (kind, dedupe_key, task_id, task_type, rule_id, detail, created_at)
SELECT 'schedule_missed', @dedupe_key, NULL, @task_type, NULL, @detail, @now
WHERE EXISTS (SELECT 1 FROM notification_rules r
  WHERE r.enabled = 1 AND r.event = 'schedule_missed' AND (r.task_type IS NULL OR r.task_type = @task_type))
ON CONFLICT (dedupe_key) DO NOTHING
