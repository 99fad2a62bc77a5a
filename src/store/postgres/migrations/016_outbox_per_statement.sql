-- The notifications outbox (013) once per statement instead of once per row (issue 18). The row trigger called its
-- function for every task reaching a final status, each call two index probes through SPI: 12–16 µs of the
-- backend's time per completed task in bench:engine's batched completions (completeTasksKnown 22–26 µs a task
-- without it, 38 with it), though no rule or watch existed. Now one call per UPDATE statement: it returns after two
-- probes when nothing listens (no enabled rule of a task event, no watch), and otherwise inserts, in one statement,
-- an event for each row of the statement whose status became final and that a rule or a watch wants — the same
-- rows as before (the old and new row versions are compared through the statement's transition tables).
-- An UPDATE trigger with transition tables cannot name columns, so it fires for every UPDATE statement on tasks;
-- the transition tables hold each updated row's two versions until the statement ends.
DROP TRIGGER tasks_notification_outbox ON tasks;
DROP FUNCTION notification_outbox();

CREATE FUNCTION notification_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM notification_rules r WHERE r.enabled AND r.event IN ('completed', 'failed'))
    AND NOT EXISTS (SELECT 1 FROM task_watches) THEN
    RETURN NULL;
  END IF;
  INSERT INTO notification_events (kind, task_id, task_type)
  SELECT n.status, n.task_id, n.task_type
  FROM outbox_new n JOIN outbox_old o ON o.task_id = n.task_id
  WHERE n.status IN ('completed', 'failed', 'cancelled') AND o.status IS DISTINCT FROM n.status
    AND (EXISTS (SELECT 1 FROM task_watches w WHERE w.task_id = n.task_id)
      OR (n.status <> 'cancelled' AND EXISTS (SELECT 1 FROM notification_rules r
        WHERE r.enabled AND r.event = n.status AND (r.task_type IS NULL OR r.task_type = n.task_type))));
  RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_notification_outbox AFTER UPDATE ON tasks
REFERENCING OLD TABLE AS outbox_old NEW TABLE AS outbox_new
FOR EACH STATEMENT EXECUTE FUNCTION notification_outbox();
