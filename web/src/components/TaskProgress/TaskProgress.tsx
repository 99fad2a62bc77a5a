/**
 * The specification's TaskProgress: follows a task (WebSocket first, polling every 2 s as the fallback)
 * and shows its progress, status, message, speed and time left, a cancel button, errors and the result; a
 * failed or cancelled task can be retried from it (it is then followed again), and a task that ran more than
 * once lists its attempts.
 * A dialog by default (`visible`, `onClose`), or in place with `inline` (as SyncModal shows it).
 * `onComplete` is called exactly once per task, when it completes.
 */
import { Button, Modal } from 'antd';
import '../../app/antdReact19';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { errorText } from '../../api/errorText';
import { cancelTask, isFinalStatus, type Task } from '../../api/tasks';
import { T, TASK_TYPE_TEXT } from '../../texts';
import NotifyMe from '../NotifyMe';
import './TaskProgress.css';
import TaskProgressPanel from './TaskProgressPanel';
import { useRate } from './useRate';
import { useTaskAttempts } from './useTaskAttempts';
import { useTaskLogs } from './useTaskLogs';
import { useTaskTracking } from './useTaskTracking';

/** Props of {@link TaskProgress} (the specification's, plus `inline` and `pollIntervalMs`). */
export interface TaskProgressProps {
  /** The task to follow; null shows nothing. */
  taskId: string | null;
  /** Heading of the dialog; default: the task type's name. */
  title?: string;
  /** Show the dialog. Default true. */
  visible?: boolean;
  /** The dialog was closed; without it the dialog closes itself. */
  onClose?: () => void;
  /** Called once, when the task reaches `completed`. */
  onComplete?: (task: Task) => void;
  /** Follow the task over its WebSocket (polling only as a fallback). Default true. */
  useWebSocket?: boolean;
  /** Called with every new state of the task. */
  onUpdate?: (task: Task) => void;
  /** Render in place instead of in a dialog. Default false. */
  inline?: boolean;
  /** Polling interval when the socket is unavailable, ms. Default 2000. */
  pollIntervalMs?: number;
  /** Offer «Сообщить мне по завершении» while the task has not ended (needs the notifications API). Default true. */
  notifyMe?: boolean;
}

/** Progress of one task, live. */
export default function TaskProgress({
  taskId,
  title,
  visible = true,
  onClose,
  onComplete,
  onUpdate,
  useWebSocket = true,
  inline = false,
  pollIntervalMs = 2000,
  notifyMe = true,
}: TaskProgressProps) {
  const logs = useTaskLogs(taskId);
  const { task, error, transport, details, apply } = useTaskTracking(taskId, {
    useWebSocket,
    pollIntervalMs,
    onLog: logs.add,
    onConnected: logs.refresh,
  });
  // Lines the socket did not bring: a task that ended (its last lines, or those of a node the socket is not on), and
  // every new state while the task is polled.
  const logStatus = task ? (isFinalStatus(task.status) ? 'final' : transport === 'polling' ? `poll:${task.seq}` : 'live') : null;
  const refreshLogs = logs.refresh;
  useEffect(() => {
    if (logStatus === 'final' || logStatus?.startsWith('poll:')) refreshLogs();
  }, [logStatus, refreshLogs]);
  const rate = useRate(task);
  const attempts = useTaskAttempts(task, details);
  const [retryError, setRetryError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);

  // Exactly once per task: remember which task the callback already fired for.
  const completedFor = useRef<string | null>(null);
  const onCompleteRef = useRef(onComplete);
  onCompleteRef.current = onComplete;
  const onUpdateRef = useRef(onUpdate);
  onUpdateRef.current = onUpdate;
  useEffect(() => {
    if (task) onUpdateRef.current?.(task);
  }, [task]);
  useEffect(() => {
    if (task?.status === 'completed' && completedFor.current !== task.task_id) {
      completedFor.current = task.task_id;
      onCompleteRef.current?.(task);
    }
  }, [task]);

  useEffect(() => {
    setCancelError(null);
    setCancelling(null);
    setRetryError(null);
  }, [taskId]);

  const handleCancel = async () => {
    if (!taskId) return;
    setCancelling(taskId);
    setCancelError(null);
    try {
      apply(await cancelTask(taskId));
    } catch (err) {
      // 409: it finished meanwhile; its final state arrives over the socket or the next poll.
      if (err instanceof ApiError && err.status === 409) return;
      setCancelling(null);
      setCancelError(errorText(err));
    }
  };

  // Back to pending: the earlier cancellation (if any) is over, and the tracking follows the task again.
  const handleRetried = (next: Task) => {
    setCancelling(null);
    setCancelError(null);
    setRetryError(null);
    apply(next);
  };

  if (!taskId) return null;
  const panel = (
    <TaskProgressPanel
      task={task}
      error={error}
      transport={transport}
      rate={rate}
      cancelling={cancelling === taskId && !(task && isFinalStatus(task.status))}
      cancelError={cancelError}
      onCancel={() => void handleCancel()}
      attempts={attempts}
      logLines={logs.lines}
      onRetried={handleRetried}
      retryError={retryError}
      onRetryError={(err) => setRetryError(errorText(err))}
      pollIntervalMs={pollIntervalMs}
    />
  );
  const notify = notifyMe && task && !isFinalStatus(task.status) ? <NotifyMe taskId={taskId} /> : null;
  if (inline)
    return (
      <>
        {panel}
        {notify}
      </>
    );

  const close = () => {
    if (onClose) onClose();
    else setDismissed(taskId);
  };
  const heading = title ?? (task ? (TASK_TYPE_TEXT[task.task_type] ?? task.task_type) : T.progress.defaultTitle);
  return (
    <Modal
      open={visible && dismissed !== taskId}
      title={heading}
      onCancel={close}
      footer={<Button onClick={close}>{T.common.close}</Button>}
      width={600}
      destroyOnHidden={false}
      closable={{ 'aria-label': T.common.close }}
    >
      {panel}
      {notify}
    </Modal>
  );
}
