/**
 * «Повторить» on a failed or cancelled task: puts it back to pending as its next attempt (POST
 * /api/v1/tasks/{id}/retry) and hands the new state to `onRetried`. Renders nothing for any other status. A 409
 * (someone else retried it first, or it is no longer finished) is not an error: the task's current state is read
 * and handed on instead. The server decides who may retry (whoever may see and cancel the task).
 */
import { RedoOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { getTask, retryTask, type Task } from '../../api/tasks';
import { T } from '../../texts';

/** Props of {@link RetryButton}. */
export interface RetryButtonProps {
  task: Pick<Task, 'task_id' | 'status'>;
  /** The task's state after the retry (pending, or whatever it is now). */
  onRetried: (task: Task) => void;
  /** The retry failed (network, 404…). */
  onError: (error: ApiError) => void;
  /** Only the icon, with the name as tooltip and accessible label (table rows). */
  iconOnly?: boolean;
  /** Accessible name; default «Повторить задачу». */
  label?: string;
}

/** Whether a task of this status can be retried. */
export const canRetry = (status: Task['status']): boolean => status === 'failed' || status === 'cancelled';

/** The button. */
export default function RetryButton({ task, onRetried, onError, iconOnly = false, label = T.retry.retryTask }: RetryButtonProps) {
  const [busy, setBusy] = useState(false);
  if (!canRetry(task.status)) return null;

  const retry = async () => {
    setBusy(true);
    try {
      onRetried(await retryTask(task.task_id));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, String(err));
      if (error.status === 409) {
        try {
          onRetried(await getTask(task.task_id));
        } catch (again) {
          onError(again instanceof ApiError ? again : new ApiError(0, String(again)));
        }
      } else {
        onError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      size="small"
      type={iconOnly ? 'text' : 'default'}
      icon={<RedoOutlined />}
      loading={busy}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        void retry();
      }}
    >
      {iconOnly ? null : T.retry.retry}
    </Button>
  );
  return iconOnly ? <Tooltip title={T.retry.retryTask}>{button}</Tooltip> : button;
}
