/**
 * The tasks the user may see, live over the all-tasks socket: filters by type, status, who started it and the days
 * it was created in, a search by id, the page and its size — all kept in the address (`/tasks?status=failed&page=2`),
 * so a reload and Back keep them —, each task's parameters, cancel, retry of a failed or cancelled task, when a
 * waiting task starts («Повтор через 2 мин — попытка 3 из 5»), a row opens the task's page (`/tasks/<id>`), the
 * progress dialog of `/tasks?task=<id>` (as the schedules page links a schedule's last task), and (for admins) the
 * retry of every failed task and the clean-up of old finished tasks.
 */
import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Progress, Table, Tooltip, type CheckboxProps, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '@/api/client';
import { errorText } from '@/api/errorText';
import { listUsers } from '@/api/notifications';
import { cancelTask, isFinalStatus, listTasks, TaskWebSocket, type Task, type TaskListOrder, type TaskStatus } from '@/api/tasks';
import { rememberTaskList } from '@/app/lastTaskList';
import { navigate, ROUTES, taskInLocation, taskPagePath, useSearch } from '@/app/router';
import { useSession } from '@/app/useSession';
import RetryButton from '@/components/RetryButton';
import RetryCountdown from '@/components/RetryCountdown';
import TaskProgress from '@/components/TaskProgress';
import { paramsText } from '@/components/TaskParams';
import TaskStatusTag from '@/components/TaskStatusTag';
import { formatDuration, formatShortDateTime } from '@/format';
import { T, TASK_TYPE_TEXT } from '@/texts';
import CleanupButton from './CleanupButton';
import RetryFailedButton from './RetryFailedButton';
import SelectedTasksBar from './SelectedTasksBar';
import TaskFilters from './TaskFilters';
import './TasksPage.css';
import { belongsOnFirstPage, newestFirst, withLiveChanges } from './liveRows';
import { apiFilters, PAGE_SIZES, parseTaskListQuery, taskListSearch, type TaskListQuery } from './taskListQuery';

function duration(task: Task): string {
  if (!task.started_at) return T.common.dash;
  if (!task.completed_at) return T.common.dash;
  return formatDuration(new Date(task.completed_at).getTime() - new Date(task.started_at).getTime());
}

/** A row's message: the error of a failed task, where a cancelled one stopped, the last message otherwise. */
function rowMessage(task: Task): string | null {
  if (task.status === 'failed') return task.error ?? task.message;
  if (task.status === 'cancelled') return T.progress.cancelledAt(task.processed, task.total);
  return task.message;
}

/** The tasks page. */
export default function TasksPage() {
  const { message } = App.useApp();
  const session = useSession();
  const screens = Grid.useBreakpoint();
  const compact = !screens.sm;
  const large = screens.lg ?? false;
  const search = useSearch();
  const query = useMemo(() => parseTaskListQuery(search), [search]);
  const { taskType, page, size } = query;
  const [users, setUsers] = useState<{ id: number; username: string }[]>([]);
  const tableRef = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState<Task[]>([]);
  const [total, setTotal] = useState(0);
  // More tasks match than `total`: the server stopped counting (TASK_LIST_COUNT_CAP past the page's offset).
  const [totalCapped, setTotalCapped] = useState(false);
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState(false);
  const [openTask, setOpenTask] = useState<(Pick<Task, 'task_id'> & Partial<Pick<Task, 'task_type'>>) | null>(() => {
    const linked = taskInLocation();
    return linked ? { task_id: linked } : null;
  });
  const rowsRef = useRef<Task[]>([]);
  rowsRef.current = rows;
  // The selected rows' ids; another selection (filters, page) starts with none.
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  useEffect(() => setSelectedIds([]), [query]);
  const selected = rows.filter((t) => selectedIds.includes(t.task_id));
  const filters = useRef(query);
  filters.current = query;
  useEffect(() => rememberTaskList(taskListSearch(query)), [query]);

  // Loads overlap (the first render's, the socket's open, a retry's) and answer in any order; a change pushed on the
  // socket while one is in flight may be newer than its answer. Only the latest load's answer is shown, with the
  // changes received since it began laid over it, so an answer never takes back a row the socket already showed.
  const loadGeneration = useRef(0);
  const liveSinceLoad = useRef(new Map<string, Task>());
  const load = useCallback(async () => {
    const generation = ++loadGeneration.current;
    liveSinceLoad.current = new Map();
    setLoading(true);
    try {
      const answer = await listTasks(query.taskType, query.size, apiFilters(query));
      if (generation !== loadGeneration.current) return;
      const { rows: next, added } = withLiveChanges(answer.tasks, liveSinceLoad.current, query);
      rowsRef.current = next;
      setRows(next);
      setTotal(answer.total + added);
      setTotalCapped(answer.total_capped);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) message.error(errorText(err));
    } finally {
      if (generation === loadGeneration.current) setLoading(false);
    }
  }, [query, message]);

  // An admin filters by any account (named in the «Запустил» column too).
  const role = session?.user.role;
  useEffect(() => {
    if (role === 'admin') void listUsers().then(setUsers, () => setUsers([]));
  }, [role]);

  /** Shows another selection: a new history entry, so Back returns to this one. */
  const show = (next: TaskListQuery) => navigate(`${ROUTES.tasks}${taskListSearch(next)}`);

  /** Another page (or page size): shown from the top of the table, not where the pager was. */
  const turnPage = (nextPage: number, nextSize: number) => {
    show({ ...query, page: nextSize === size ? nextPage : 1, size: nextSize });
    const top = tableRef.current?.getBoundingClientRect().top;
    if (top !== undefined && top < 0) tableRef.current?.scrollIntoView({ block: 'start' });
  };

  const startedBy = (task: Task): string => {
    if (task.user_id === null) return T.taskList.nobody;
    if (task.user_id === session?.user.id) return T.taskList.you;
    return users.find((u) => u.id === task.user_id)?.username ?? T.taskList.userById(task.user_id);
  };

  useEffect(() => {
    void load();
  }, [load]);
  const loadRef = useRef(load);
  loadRef.current = load;

  // Every change of a visible task arrives here; rows are updated in place, new tasks appear on page 1.
  useEffect(() => {
    const socket = new TaskWebSocket(
      null,
      (task) => {
        const seen = liveSinceLoad.current.get(task.task_id);
        if (!seen || seen.seq < task.seq) liveSinceLoad.current.set(task.task_id, task);
        const current = rowsRef.current;
        const index = current.findIndex((t) => t.task_id === task.task_id);
        let next: Task[];
        if (index >= 0) {
          if (current[index]!.seq >= task.seq) return;
          next = current.slice();
          next[index] = task;
        } else {
          if (!belongsOnFirstPage(task, filters.current)) return;
          next = newestFirst([task, ...current], filters.current.size);
          setTotal((n) => n + 1);
        }
        rowsRef.current = next;
        setRows(next);
      },
      () => setLive(false),
      // Changes made while the socket was not yet (or no longer) open are not sent: read the page again then.
      {
        onOpen: () => {
          setLive(true);
          void loadRef.current();
        },
      },
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
      message.error(`${T.progress.cancelFailed}: ${errorText(err)}`);
    }
  };

  const columns: TableColumnsType<Task> = [
    {
      title: T.tasks.type,
      dataIndex: 'task_type',
      render: (type: string, task) => (
        <div className="cell-main">
          <a
            href={taskPagePath(task.task_id)}
            onClick={(e) => {
              // The row opens the page; a modified click (a new tab) is the browser's.
              if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) e.stopPropagation();
              else e.preventDefault();
            }}
          >
            {TASK_TYPE_TEXT[type] ?? type}
          </a>
          <span className="cell-sub mono">{task.task_id.slice(-12)}</span>
          {/* Below md the parameters column is hidden: they come under the name. */}
          {!screens.md && paramsText(task) && <span className="cell-sub task-params">{paramsText(task)}</span>}
          {/* A phone has no room for the status and progress columns: they come under the name. */}
          {compact && (
            <span className="task-row-compact">
              <TaskStatusTag status={task.status} />
              <span className="num">{task.progress}%</span>
            </span>
          )}
          {/* The message column is not shown below lg: when a waiting task starts, or its message (the whole
              error of a failed one), comes under the name, on as many lines as it takes. */}
          {!large && task.status === 'pending' && <RetryCountdown task={task} className="cell-sub" />}
          {!large && task.status !== 'pending' && rowMessage(task) && (
            <span className={`cell-sub task-row-message ${task.status === 'failed' ? 'text-error' : ''}`}>{rowMessage(task)}</span>
          )}
        </div>
      ),
    },
    {
      title: T.taskList.params,
      key: 'params',
      responsive: ['md'],
      render: (_: unknown, task) => <span className="task-params">{paramsText(task) ?? T.common.dash}</span>,
    },
    ...(role === 'admin' || role === 'manager'
      ? [
          {
            title: T.taskList.startedBy,
            key: 'started_by',
            width: 130,
            responsive: ['xl' as const],
            render: (_: unknown, task: Task) => startedBy(task),
          },
        ]
      : []),
    {
      title: T.tasks.status,
      dataIndex: 'status',
      key: 'status',
      width: 150,
      responsive: ['sm'],
      // By status on the server (`order=status`: running, pending, failed, cancelled, completed, newest first in
      // each); a second click goes back to newest first.
      sorter: true,
      sortOrder: query.order === 'status' ? 'ascend' : null,
      sortDirections: ['ascend'],
      render: (s: TaskStatus) => <TaskStatusTag status={s} />,
    },
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
      ellipsis: { showTitle: false },
      responsive: ['lg'],
      render: (m: string | null, task) =>
        task.status === 'failed' ? (
          // The whole error on hover: the cell shows one line of it.
          <Tooltip title={task.error ?? m}>
            <span className="text-error">{task.error ?? m}</span>
          </Tooltip>
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
      key: 'created',
      // Sorted by the server over every page (GET /api/v1/tasks `order`), kept in the address like the filters.
      sorter: true,
      sortOrder: query.order === 'created_asc' ? 'ascend' : query.order === 'status' ? null : 'descend',
      // From newest first a click goes to oldest first, and from there back (antd's "no sort" is newest first).
      sortDirections: ['descend', 'ascend'],
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
            onError={(err) => message.error(`${T.retry.failed}: ${errorText(err)}`)}
          />
        ) : (
          <span onClick={(e) => e.stopPropagation()}>
            <Popconfirm
              title={T.progress.cancelConfirmTitle}
              description={T.progress.cancelConfirmText}
              okText={T.progress.cancelConfirmOk}
              cancelText={T.progress.cancelConfirmKeep}
              okButtonProps={{ danger: true }}
              // The button ends the row: the confirmation opens leftwards from it, clear of the screen's edge.
              placement="topRight"
              rootClassName="popconfirm-fit"
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
          {role === 'admin' && <RetryFailedButton taskType={taskType} onDone={() => void load()} />}
          {role === 'admin' && <CleanupButton onDone={() => void load()} />}
        </div>
      </header>
      {session && <TaskFilters query={query} onChange={show} user={session.user} users={users} />}
      <SelectedTasksBar selected={selected} onTask={replace} onClear={() => setSelectedIds([])} />
      <div ref={tableRef} className="tasks-table">
        <Table<Task>
          rowKey="task_id"
          columns={columns}
          dataSource={rows}
          loading={loading}
          size="middle"
          className="card-table"
          locale={{ emptyText: T.tasks.empty }}
          onChange={(_pagination, _filters, sorter, { action }) => {
            if (action !== 'sort' || Array.isArray(sorter)) return;
            const order: TaskListOrder =
              sorter.columnKey === 'status'
                ? sorter.order === 'ascend'
                  ? 'status'
                  : 'created_desc'
                : sorter.order === 'ascend'
                  ? 'created_asc'
                  : 'created_desc';
            if (order !== query.order) show({ ...query, order, page: 1 });
          }}
          rowSelection={{
            selectedRowKeys: selectedIds,
            onChange: (keys) => setSelectedIds(keys.map(String)),
            columnWidth: 40,
            // antd passes the attribute on to the input, though its type leaves it out.
            getCheckboxProps: (task) =>
              ({ 'aria-label': T.taskList.selectRow(TASK_TYPE_TEXT[task.task_type] ?? task.task_type) }) as CheckboxProps,
          }}
          onRow={(task) => ({
            // A click on the row opens the task's page; one on its check box only selects it.
            onClick: (e) => {
              if (!(e.target as HTMLElement).closest('.ant-table-selection-column')) navigate(taskPagePath(task.task_id));
            },
            onKeyDown: (e) => e.key === 'Enter' && e.target === e.currentTarget && navigate(taskPagePath(task.task_id)),
            tabIndex: 0,
            'aria-label': T.taskList.openPage(TASK_TYPE_TEXT[task.task_type] ?? task.task_type),
            className: 'clickable-row',
          })}
          pagination={{
            current: page,
            pageSize: size,
            total,
            onChange: turnPage,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (n: number) => T.tasks.listTotal(n, totalCapped),
            hideOnSinglePage: total <= PAGE_SIZES[0],
          }}
        />
      </div>
      <TaskProgress
        taskId={openTask?.task_id ?? null}
        title={openType ? (TASK_TYPE_TEXT[openType] ?? openType) : undefined}
        visible={openTask !== null}
        onClose={() => {
          setOpenTask(null);
          // A task opened from a link: the address goes back to the plain list.
          if (taskInLocation()) navigate(`${ROUTES.tasks}${taskListSearch(query)}`, true);
        }}
      />
    </section>
  );
}
