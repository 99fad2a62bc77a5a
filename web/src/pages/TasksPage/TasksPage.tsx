/**
 * The tasks the user may see, live over the all-tasks socket: filters by type and status, cancel, retry of a
 * failed or cancelled task, when a waiting task starts («Повтор через 2 мин — попытка 3 из 5»), the progress
 * of a task on click (or from the address: `/tasks?task=<id>`, as the schedules page links a schedule's last
 * task), and (for admins) the retry of every failed task and the clean-up of old finished tasks.
 */
import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Progress, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/api/client';
import { cancelTask, isFinalStatus, listTasks, TASK_TYPES, TaskWebSocket, type Task, type TaskStatus } from '@/api/tasks';
import { navigate, ROUTES, taskInLocation } from '@/app/router';
import { useSession } from '@/app/useSession';
import RetryButton from '@/components/RetryButton';
import RetryCountdown from '@/components/RetryCountdown';
import TaskProgress from '@/components/TaskProgress';
import TaskStatusTag from '@/components/TaskStatusTag';
import { formatDuration, formatShortDateTime } from '@/format';
import { STATUS_TEXT, T, TASK_TYPE_TEXT } from '@/texts';
import CleanupButton from './CleanupButton';
import RetryFailedButton from './RetryFailedButton';

const PAGE_SIZE = 20;
const STATUSES: TaskStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

function duration(task: Task): string {
  if (!task.started_at) return T.common.dash;
  if (!task.completed_at) return T.common.dash;
  return formatDuration(new Date(task.completed_at).getTime() - new Date(task.started_at).getTime());
}

/** The tasks page. */
export default function TasksPage() {
  const { message } = App.useApp();
  const session = useSession();
  const screens = Grid.useBreakpoint();
  const compact = !screens.sm;
  const large = screens.lg ?? false;
  const [taskType, setTaskType] = useState<string | undefined>();
  const [status, setStatus] = useState<TaskStatus | undefined>();
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<Task[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState(false);
  const [openTask, setOpenTask] = useState<(Pick<Task, 'task_id'> & Partial<Pick<Task, 'task_type'>>) | null>(() => {
    const linked = taskInLocation();
    return linked ? { task_id: linked } : null;
  });
  const rowsRef = useRef<Task[]>([]);
  rowsRef.current = rows;
  const filters = useRef({ taskType, status, page });
  filters.current = { taskType, status, page };

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const answer = await listTasks(taskType, PAGE_SIZE, { status, offset: (page - 1) * PAGE_SIZE });
      setRows(answer.tasks);
      setTotal(answer.total);
    } catch (err) {
      if (err instanceof ApiError && err.status !== 401) message.error(err.status === 0 ? T.common.networkError : err.detail);
    } finally {
      setLoading(false);
    }
  }, [taskType, status, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  // Every change of a visible task arrives here; rows are updated in place, new tasks appear on page 1.
  useEffect(() => {
    const socket = new TaskWebSocket(
      null,
      (task) => {
        const current = rowsRef.current;
        const index = current.findIndex((t) => t.task_id === task.task_id);
        let next: Task[];
        if (index >= 0) {
          if (current[index]!.seq >= task.seq) return;
          next = current.slice();
          next[index] = task;
        } else {
          const f = filters.current;
          const matches = (!f.taskType || f.taskType === task.task_type) && (!f.status || f.status === task.status);
          if (!matches || f.page !== 1) return;
          // Newest first: task ids are time-ordered UUIDs.
          next = [task, ...current].sort((a, b) => (a.task_id < b.task_id ? 1 : -1)).slice(0, PAGE_SIZE);
          setTotal((n) => n + 1);
        }
        rowsRef.current = next;
        setRows(next);
      },
      () => setLive(false),
      { onOpen: () => setLive(true) },
    );
    socket.connect();
    return () => socket.close();
  }, []);

  /** A newer state of a row's task (the answer of a cancel or a retry). */
  const replace = (next: Task) => setRows((current) => current.map((t) => (t.task_id === next.task_id && t.seq < next.seq ? next : t)));

  const cancel = async (task: Task) => {
    try {
      replace(await cancelTask(task.task_id));
      message.info(T.tasks.cancelled);
    } catch (err) {
      if (err instanceof ApiError) message.error(`${T.progress.cancelFailed}: ${err.detail}`);
    }
  };

  const columns: TableColumnsType<Task> = [
    {
      title: T.tasks.type,
      dataIndex: 'task_type',
      render: (type: string, task) => (
        <div className="cell-main">
          <span>{TASK_TYPE_TEXT[type] ?? type}</span>
          <span className="cell-sub mono">{task.task_id.slice(-12)}</span>
          {/* A phone has no room for the status and progress columns: they come under the name. */}
          {compact && (
            <span className="task-row-compact">
              <TaskStatusTag status={task.status} />
              <span className="num">{task.progress}%</span>
            </span>
          )}
          {/* The message column is not shown below lg: when a waiting task starts comes under the name. */}
          {!large && task.status === 'pending' && <RetryCountdown task={task} className="cell-sub" />}
        </div>
      ),
    },
    { title: T.tasks.status, dataIndex: 'status', width: 150, responsive: ['sm'], render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
    {
      title: T.tasks.progress,
      dataIndex: 'progress',
      width: 170,
      responsive: ['sm'],
      render: (p: number, task) => (
        <Progress
          percent={p}
          size="small"
          status={
            task.status === 'failed'
              ? 'exception'
              : task.status === 'completed'
                ? 'success'
                : task.status === 'running'
                  ? 'active'
                  : 'normal'
          }
          aria-label={`${T.tasks.progress}: ${TASK_TYPE_TEXT[task.task_type] ?? task.task_type}`}
          format={(v) => <span className="num">{v}%</span>}
          className="table-progress"
        />
      ),
    },
    {
      title: T.tasks.message,
      dataIndex: 'message',
      ellipsis: { showTitle: true },
      responsive: ['lg'],
      render: (m: string | null, task) =>
        task.status === 'failed' ? (
          <span className="text-error">{task.error ?? m}</span>
        ) : task.status === 'pending' ? (
          <RetryCountdown task={task} fallback={m ?? T.common.dash} />
        ) : (
          (m ?? T.common.dash)
        ),
    },
    {
      title: T.tasks.created,
      dataIndex: 'created_at',
      width: 120,
      responsive: ['sm'],
      render: (iso: string) => <span className="num">{formatShortDateTime(iso)}</span>,
    },
    {
      title: T.tasks.duration,
      key: 'duration',
      width: 120,
      responsive: ['md'],
      render: (_: unknown, task) => <span className="num">{duration(task)}</span>,
    },
    {
      title: <span className="visually-hidden">{T.tasks.actions}</span>,
      key: 'actions',
      width: 56,
      align: 'center',
      render: (_: unknown, task) =>
        isFinalStatus(task.status) ? (
          <RetryButton
            task={task}
            iconOnly
            label={`${T.retry.retryTask}: ${TASK_TYPE_TEXT[task.task_type] ?? task.task_type}`}
            onRetried={(next) => {
              replace(next);
              message.info(T.retry.done);
            }}
            onError={(err) => message.error(`${T.retry.failed}: ${err.status === 0 ? T.common.networkError : err.detail}`)}
          />
        ) : (
          <span onClick={(e) => e.stopPropagation()}>
            <Popconfirm
              title={T.progress.cancelConfirmTitle}
              description={T.progress.cancelConfirmText}
              okText={T.progress.cancelConfirmOk}
              cancelText={T.progress.cancelConfirmKeep}
              okButtonProps={{ danger: true }}
              onConfirm={() => void cancel(task)}
              disabled={task.cancel_requested}
            >
              <Tooltip title={task.cancel_requested ? T.progress.cancelling : T.progress.cancelTask}>
                <Button
                  type="text"
                  danger
                  icon={<StopOutlined />}
                  loading={task.cancel_requested}
                  aria-label={`${T.progress.cancelTask}: ${TASK_TYPE_TEXT[task.task_type] ?? task.task_type}`}
                />
              </Tooltip>
            </Popconfirm>
          </span>
        ),
    },
  ];

  // A task opened from a link is named once its row is known.
  const openType = openTask && (openTask.task_type ?? rows.find((t) => t.task_id === openTask.task_id)?.task_type);

  return (
    <section className="page" aria-labelledby="tasks-title">
      <header className="page__header">
        <h1 id="tasks-title">{T.tasks.title}</h1>
        <div className="page__actions">
          <span className={`live-badge ${live ? 'live-badge--on' : ''}`} role="status">
            {live ? `● ${T.tasks.live}` : T.tasks.offline}
          </span>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={T.common.refresh} />
          {session?.user.role === 'admin' && <RetryFailedButton taskType={taskType} onDone={() => void load()} />}
          {session?.user.role === 'admin' && <CleanupButton onDone={() => void load()} />}
        </div>
      </header>
      <div className="filters">
        <Select
          allowClear
          placeholder={T.tasks.allTypes}
          aria-label={T.tasks.filterType}
          value={taskType}
          onChange={(v) => {
            setTaskType(v);
            setPage(1);
          }}
          options={TASK_TYPES.map((t) => ({ value: t, label: TASK_TYPE_TEXT[t] }))}
          className="filters__type"
        />
        <Select
          allowClear
          placeholder={T.tasks.allStatuses}
          aria-label={T.tasks.filterStatus}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: STATUS_TEXT[s].charAt(0).toUpperCase() + STATUS_TEXT[s].slice(1) }))}
          className="filters__status"
        />
      </div>
      <Table<Task>
        rowKey="task_id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        size="middle"
        className="card-table"
        locale={{ emptyText: T.tasks.empty }}
        onRow={(task) => ({
          onClick: () => setOpenTask(task),
          onKeyDown: (e) => e.key === 'Enter' && setOpenTask(task),
          tabIndex: 0,
          'aria-label': `${T.tasks.open}: ${TASK_TYPE_TEXT[task.task_type] ?? task.task_type}`,
          className: 'clickable-row',
        })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: T.tasks.total,
          hideOnSinglePage: true,
        }}
      />
      <TaskProgress
        taskId={openTask?.task_id ?? null}
        title={openType ? (TASK_TYPE_TEXT[openType] ?? openType) : undefined}
        visible={openTask !== null}
        onClose={() => {
          setOpenTask(null);
          // A task opened from a link: the address goes back to the plain list.
          if (taskInLocation()) navigate(ROUTES.tasks, true);
        }}
      />
    </section>
  );
}
