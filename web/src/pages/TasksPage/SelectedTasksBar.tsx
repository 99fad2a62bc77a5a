/**
 * What the task list offers for the rows a user selected: «Отменить выбранные» for those still pending or running
 * (after a confirmation), «Повторить выбранные» for the failed or cancelled ones — each only when some selected
 * task applies. Each task is asked on its own (POST /api/v1/tasks/{id}/cancel or /retry: the bulk retry endpoint
 * takes a status and a type, not a choice of tasks), so one refusal never stops the others; the outcome is then
 * reported in a lasting notice: how many of how many, and each refusal in Russian with the task it is about.
 */
import { RedoOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { errorText } from '@/api/errorText';
import { cancelTask, isFinalStatus, retryTask, type Task } from '@/api/tasks';
import { canRetry } from '@/components/RetryButton';
import { T, TASK_TYPE_TEXT } from '@/texts';
import './SelectedTasksBar.css';

/** Props of {@link SelectedTasksBar}. */
export interface SelectedTasksBarProps {
  /** The selected tasks, as the list holds them now. */
  selected: Task[];
  /** A task's newer state (the answer of its cancel or retry). */
  onTask: (task: Task) => void;
  /** Clears the selection. */
  onClear: () => void;
}

/** One failed request: the task it was about and the reason in Russian. */
interface Refusal {
  task: Task;
  reason: string;
}

/** The outcome of the last bulk action. */
interface Outcome {
  action: 'cancel' | 'retry';
  done: number;
  asked: number;
  refusals: Refusal[];
}

/** Whether a task can still be asked to stop. */
export const canCancel = (task: Task): boolean => !isFinalStatus(task.status) && !task.cancel_requested;

/** The task's name in a refusal line: its type and the end of its id. */
const taskName = (task: Task) => `${TASK_TYPE_TEXT[task.task_type] ?? task.task_type} ${task.task_id.slice(-12)}`;

/** The bar above the table, shown while some rows are selected (and the last outcome until it is closed). */
export default function SelectedTasksBar({ selected, onTask, onClear }: SelectedTasksBarProps) {
  const [busy, setBusy] = useState<'cancel' | 'retry' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const toCancel = selected.filter(canCancel);
  const toRetry = selected.filter((t) => canRetry(t.status));

  const run = async (action: 'cancel' | 'retry', tasks: Task[]) => {
    setBusy(action);
    setOutcome(null);
    const call = action === 'cancel' ? cancelTask : retryTask;
    const answers = await Promise.allSettled(tasks.map((t) => call(t.task_id)));
    const refusals: Refusal[] = [];
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') onTask(answer.value);
      else refusals.push({ task: tasks[i]!, reason: errorText(answer.reason) });
    });
    setOutcome({ action, done: tasks.length - refusals.length, asked: tasks.length, refusals });
    setBusy(null);
    if (refusals.length === 0) onClear();
  };

  const S = T.taskList.selection;
  return (
    <>
      {outcome && (
        <Alert
          className="selection-outcome"
          type={outcome.refusals.length === 0 ? 'success' : outcome.done === 0 ? 'error' : 'warning'}
          showIcon
          closable
          onClose={() => setOutcome(null)}
          message={S.outcome(outcome.action, outcome.done, outcome.asked)}
          description={
            outcome.refusals.length > 0 && (
              <ul className="selection-outcome__list">
                {outcome.refusals.map((r) => (
                  <li key={r.task.task_id}>
                    <span className="mono">{taskName(r.task)}</span>: {r.reason}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      {selected.length > 0 && (
        <div className="selection-bar" role="region" aria-label={S.region}>
          <span className="selection-bar__count" role="status">
            {S.count(selected.length)}
          </span>
          {toCancel.length > 0 && (
            <Popconfirm
              title={S.cancelTitle(toCancel.length)}
              description={T.progress.cancelConfirmText}
              okText={T.progress.cancelConfirmOk}
              cancelText={T.progress.cancelConfirmKeep}
              okButtonProps={{ danger: true }}
              // Centred under the button: aligned to its left edge it reached the screen's right edge on a phone.
              placement="bottom"
              rootClassName="popconfirm-fit"
              onConfirm={() => void run('cancel', toCancel)}
            >
              <Button danger icon={<StopOutlined />} loading={busy === 'cancel'} disabled={busy !== null}>
                {S.cancel(toCancel.length)}
              </Button>
            </Popconfirm>
          )}
          {toRetry.length > 0 && (
            <Button icon={<RedoOutlined />} loading={busy === 'retry'} disabled={busy !== null} onClick={() => void run('retry', toRetry)}>
              {S.retry(toRetry.length)}
            </Button>
          )}
          {toCancel.length === 0 && toRetry.length === 0 && <span className="muted">{S.nothing}</span>}
          <Button type="link" onClick={onClear} disabled={busy !== null}>
            {S.clear}
          </Button>
        </div>
      )}
    </>
  );
}
