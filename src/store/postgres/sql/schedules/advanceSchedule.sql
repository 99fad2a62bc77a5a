-- advanceSchedule: a pass's last statement: writes what it decided, under the lock lockDueSchedule took. Not an
-- edit: version and updated_at stay.
-- Params: $1 id, $2 next_run_at, $3 last_run_at (NULL keeps it), $4 queued_for, $5 last_error, $6 ticks skipped
--   (added to skipped_count), $7 the last task inserted (NULL keeps last_task_id).
-- Returns: the row after the pass and last_task_status.
WITH upd AS (
  UPDATE schedules SET
    next_run_at = $2,
    last_run_at = coalesce($3, last_run_at),
    queued_for = $4,
    last_error = $5,
    skipped_count = skipped_count + $6,
    last_task_id = coalesce($7, last_task_id)
  WHERE id = $1
  RETURNING *
)
SELECT upd.*, t.status AS last_task_status FROM upd LEFT JOIN tasks t ON t.task_id = upd.last_task_id
