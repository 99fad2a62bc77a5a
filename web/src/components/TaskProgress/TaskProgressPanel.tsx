/**
 * The body of {@link TaskProgress}: status, bar, counts, speed and time left, the current message (or when a
 * waiting task starts: «Повтор через 2 мин — попытка 3 из 5»), the cancel button (with confirmation and a
 * "cancelling" state until the task stops), «Повторить» on a failed or cancelled task, an error alert, the
 * attempt history, the result summary and the task's log («Журнал»). Numbers use tabular figures and every line
 * has a fixed height, so nothing moves while the progress updates.
 */
import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Popconfirm, Progress, Skeleton, Tooltip } from 'antd';
import type { ProgressProps } from 'antd';
import type { ApiError } from '../../api/client';
import { errorText } from '../../api/errorText';
import { isFinalStatus, type Task, type TaskAttempt, type TaskLogLine, type TaskStatus } from '../../api/tasks';
import RetryButton from '../RetryButton';
import RetryCountdown from '../RetryCountdown';
import TaskAttempts from '../TaskAttempts';
import TaskStatusTag from '../TaskStatusTag';
import { formatDuration, formatInt } from '../../format';
import { T } from '../../texts';
import TaskLog from './TaskLog';
import TaskResultSummary from './TaskResultSummary';
import { showsHistory } from './useTaskAttempts';
import type { Rate } from './useRate';
import type { Transport } from './useTaskTracking';

/** Props of {@link TaskProgressPanel}. */
export interface TaskProgressPanelProps {
  task: Task | null;
  error: ApiError | null;
  transport: Transport;
  rate: Rate;
  /** The user confirmed a cancellation and the task has not stopped yet. */
  cancelling: boolean;
  cancelError: string | null;
  onCancel: () => void;
  /** Every attempt of the task known so far. */
  attempts: readonly TaskAttempt[];
  /** The task's log lines («Журнал»), oldest first. */
  logLines: readonly TaskLogLine[];
  /** The task's state after «Повторить». */
  onRetried: (task: Task) => void;
  /** Why «Повторить» failed, or null. */
  retryError: string | null;
  onRetryError: (error: ApiError) => void;
  /** Polling interval, for the "updated every N s" note. */
  pollIntervalMs: number;
}

const BAR_STATUS: Record<TaskStatus, ProgressProps['status']> = {
  pending: 'normal',
  running: 'active',
  completed: 'success',
  failed: 'exception',
  cancelled: 'normal',
};

/** The panel; renders a skeleton until the first state of the task arrives. */
export default function TaskProgressPanel({
  task,
  error,
  transport,
  rate,
  cancelling,
  cancelError,
  onCancel,
  attempts,
  logLines,
  onRetried,
  retryError,
  onRetryError,
  pollIntervalMs,
}: TaskProgressPanelProps) {
  if (!task) {
    if (error?.status === 404) return <Alert type="warning" showIcon message={T.progress.notFound} />;
    if (error) return <Alert type="error" showIcon message={T.common.error} description={errorText(error)} />;
    return (
      <div className="task-progress" aria-busy="true">
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      </div>
    );
  }
  const final = isFinalStatus(task.status);
  const showCancelling = !final && (cancelling || task.cancel_requested);
  const percent = task.progress;
  const valueText = `${percent}% — ${T.progress.processed(task.processed, task.total)}`;
  const pollSeconds = Math.round(pollIntervalMs / 1000);
  // A pending task that ran before waits for its next attempt; its error is the last attempt's.
  const waitingRetry = task.status === 'pending' && task.attempt >= 1;

  return (
    <div className="task-progress" data-status={task.status} data-transport={transport}>
      <div className="task-progress__head">
        <span className="task-progress__status" aria-live="polite">
          <span className="visually-hidden">{T.progress.status}: </span>
          <TaskStatusTag status={task.status} />
          {/* A pending task's attempt is its last run's: the line below names the next one. */}
          {task.attempt > 1 && task.status !== 'pending' && (
            <span className="task-progress__attempt">{T.progress.attempt(task.attempt, task.max_attempts)}</span>
          )}
        </span>
        {!final && (
          <span className="task-progress__tools">
            <Tooltip title={transport === 'polling' ? T.progress.polling(pollSeconds) : T.tasks.live}>
              <span className={`transport transport--${transport}`}>
                {transport === 'polling'
                  ? T.progress.pollingShort(pollSeconds)
                  : transport === 'socket'
                    ? T.progress.online
                    : T.progress.connecting}
              </span>
            </Tooltip>
            {showCancelling ? (
              <Button size="small" danger loading disabled aria-label={T.progress.cancelling}>
                {T.progress.cancelling}
              </Button>
            ) : (
              <Popconfirm
                title={T.progress.cancelConfirmTitle}
                description={T.progress.cancelConfirmText}
                okText={T.progress.cancelConfirmOk}
                cancelText={T.progress.cancelConfirmKeep}
                okButtonProps={{ danger: true }}
                onConfirm={onCancel}
              >
                <Button size="small" danger icon={<StopOutlined />} aria-label={T.progress.cancelTask}>
                  {T.progress.cancel}
                </Button>
              </Popconfirm>
            )}
          </span>
        )}
        {final && <RetryButton task={task} onRetried={onRetried} onError={onRetryError} />}
      </div>

      <Progress
        percent={percent}
        status={BAR_STATUS[task.status]}
        aria-label={T.progress.label}
        aria-valuetext={valueText}
        format={(p) => <span className="num">{p}%</span>}
        className={`task-progress__bar${task.status === 'cancelled' ? ' task-progress__bar--stopped' : ''}`}
      />

      <dl className="task-progress__stats">
        <div>
          <dt>{T.progress.processedLabel}</dt>
          <dd className="num" data-testid="task-counts">
            {T.progress.processed(task.processed, task.total)}
          </dd>
        </div>
        <div>
          <dt>{T.progress.speed}</dt>
          <dd className="num">
            {task.status === 'running' && rate.perSecond !== null
              ? `${formatInt(rate.perSecond)} ${T.progress.perSecondOf(task.task_type)}`
              : T.common.dash}
          </dd>
        </div>
        <div>
          <dt>{T.progress.timeLeft}</dt>
          <dd className="num">
            {task.status === 'running' && rate.remainingMs !== null ? `≈ ${formatDuration(rate.remainingMs)}` : T.common.dash}
          </dd>
        </div>
      </dl>

      <Tooltip title={task.status === 'cancelled' ? undefined : task.message} placement="topLeft" destroyOnHidden>
        <p className="task-progress__message">
          {task.status === 'pending' ? (
            <RetryCountdown task={task} fallback={task.message ?? T.progress.waiting} />
          ) : task.status === 'cancelled' ? (
            // Where it stopped, not the handler's last message (which may be «Найдено документов: 4 899»).
            T.progress.cancelledAt(task.processed, task.total)
          ) : (
            (task.message ?? '\u00a0')
          )}
        </p>
      </Tooltip>
      {waitingRetry && task.error && <Alert type="warning" showIcon message={T.retry.lastError(task.attempt)} description={task.error} />}

      {showCancelling && <Alert type="info" showIcon message={T.progress.cancellingNote} />}
      {cancelError && !final && <Alert type="error" showIcon message={T.progress.cancelFailed} description={cancelError} />}
      {task.status === 'failed' && <Alert type="error" showIcon message={T.progress.failedTitle} description={task.error ?? undefined} />}
      {task.status === 'cancelled' && <Alert type="warning" showIcon message={T.progress.cancelledNote} />}
      {retryError && final && <Alert type="error" showIcon message={T.retry.failed} description={retryError} />}
      {showsHistory(task, attempts) && <TaskAttempts attempts={attempts} />}
      {task.status === 'completed' && <TaskResultSummary result={task.result} />}
      {task.status === 'cancelled' && task.result !== null && <TaskResultSummary result={task.result} />}
      <TaskLog lines={logLines} />
    </div>
  );
}
