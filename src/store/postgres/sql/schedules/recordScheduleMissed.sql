-- recordScheduleMissed: a pass whose ticks made no task records a schedule_missed event, in the pass's transaction,
-- when an enabled schedule_missed rule wants one for the schedule's task type (or any); once per pass (dedupe_key
-- `missed:<schedule id>:<last_run_at>`). The insert wakes the notifiers (notification_events_wake).
-- Params: $1 dedupe_key, $2 task_type, $3 detail (JSON text {schedule_id, name, skipped}).
INSERT INTO notification_events (kind, dedupe_key, task_id, task_type, rule_id, detail)
SELECT 'schedule_missed', $1, NULL, $2::text, NULL, $3::jsonb
WHERE EXISTS (SELECT 1 FROM notification_rules r
  WHERE r.enabled AND r.event = 'schedule_missed' AND (r.task_type IS NULL OR r.task_type = $2::text))
ON CONFLICT (dedupe_key) DO NOTHING
