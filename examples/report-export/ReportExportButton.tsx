/**
 * The report export in the application's React page: a button that starts an export for the signed-in user,
 * and TaskProgress following it live. In an application the imports come from 'taskcast/react'.
 */
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { ApiError, request, TaskProgress, type Task } from '../../web/src/embed';

/** What `POST /api/v1/reports/export` answers. */
type ExportStarted = { task_id: string; status: string };

/** Props of {@link ReportExportButton}. */
export interface ReportExportButtonProps {
  /** Rows of the report. */
  rows: number;
  /** Called once, when the export completes (its `result` holds the rows, bytes and file). */
  onDone?: (task: Task) => void;
}

/** A button that exports `rows` rows for the signed-in user, and the export's progress. */
export default function ReportExportButton({ rows, onDone }: ReportExportButtonProps) {
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setError(null);
    try {
      const started = await request<ExportStarted>('POST', '/api/v1/reports/export', { body: { rows } });
      setTaskId(started.task_id);
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : String(err));
    }
  };

  return (
    <section aria-label="Report export">
      <Button type="primary" onClick={() => void start()}>
        Export {rows} rows
      </Button>
      {error && <Alert type="error" showIcon message={error} />}
      <TaskProgress taskId={taskId} inline onComplete={onDone} />
    </section>
  );
}
