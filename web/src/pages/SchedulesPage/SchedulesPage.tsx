/**
 * «Расписание»: the scheduled tasks the user may manage (admins every one, managers those of the sync types). The
 * list shows each schedule's name, what it runs, its expression in words, the next run and the last one with its
 * task's status (live, linking to the task), an enabled switch, «Запустить сейчас», edit and delete; the form
 * (ScheduleForm) creates and edits them with a live preview of the next runs.
 */
import { CaretRightOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Switch, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { canManageSchedules } from '@/api/auth';
import { ApiError } from '@/api/client';
import { errorDetail, listSchedules, removeSchedule, runScheduleNow, updateSchedule, type Schedule } from '@/api/schedules';
import { TaskWebSocket, type Task } from '@/api/tasks';
import { navigate, taskPath } from '@/app/router';
import { periodText, taskTypeLabel, zoneLabel } from '@/app/schedulePresets';
import { useSession } from '@/app/useSession';
import TaskStatusTag from '@/components/TaskStatusTag';
import { formatMinute, formatMinuteInZone } from '@/format';
import { ListPage, LIST_PAGINATION } from '@/components/ListPage/ListPage';
import { STATUS_TEXT, T } from '@/texts';
import ScheduleForm from './ScheduleForm';
import './SchedulesPage.css';

const S = T.schedules;

/** A link to a task (its progress dialog on the tasks page), followed without reloading the app. */
export function TaskLink({ taskId, children, label }: { taskId: string; children: React.ReactNode; label?: string }) {
  const href = taskPath(taskId);
  return (
    <a
      href={href}
      aria-label={label}
      onClick={(e: MouseEvent) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

/** The next run in local time, and as the schedule's zone sees it when that reads differently. */
function NextRun({ schedule }: { schedule: Schedule }) {
  if (!schedule.enabled || !schedule.next_run_at) return <span className="muted">{S.disabled}</span>;
  const local = formatMinute(schedule.next_run_at);
  const zoned = formatMinuteInZone(schedule.next_run_at, schedule.timezone);
  return (
    <span className="cell-main">
      <span className="num">{local}</span>
      {zoned !== local && (
        <span className="cell-sub num">{S.inZone(zoned, T.schedules.zones[schedule.timezone] ?? schedule.timezone)}</span>
      )}
    </span>
  );
}

function messageOf(err: unknown): string {
  return err instanceof ApiError && err.status === 0 ? T.common.networkError : errorDetail(err);
}

/** The schedules page. */
export default function SchedulesPage() {
  const { message } = App.useApp();
  const session = useSession();
  const screens = Grid.useBreakpoint();
  // A phone has room for the name, the switch and the actions: the rest comes under the name.
  const compact = !screens.sm;
  const allowed = canManageSchedules(session?.user.role);
  const [rows, setRows] = useState<Schedule[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(!allowed);
  const [formOpen, setFormOpen] = useState(false);
  /** The schedule the form edits (null: a new one); kept while the dialog closes, so its title does not change. */
  const [formSchedule, setFormSchedule] = useState<Schedule | null>(null);
  const openForm = (schedule: Schedule | null) => {
    setFormSchedule(schedule);
    setFormOpen(true);
  };
  const [busy, setBusy] = useState<Record<string, 'toggle' | 'run' | 'remove' | undefined>>({});
  const rowsRef = useRef<Schedule[]>([]);
  rowsRef.current = rows;
  /** The newest state the socket brought of each task: a list answered after it must not turn a status back. */
  const seen = useRef(new Map<string, Task['status']>());

  const load = useCallback(async () => {
    if (!allowed) {
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const items = await listSchedules();
      setRows(
        items.map((s) => {
          const status = s.last_task_id ? seen.current.get(s.last_task_id) : undefined;
          return status ? { ...s, last_task_status: status } : s;
        }),
      );
      setLoadError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else if (!(err instanceof ApiError && err.status === 401)) setLoadError(messageOf(err));
    } finally {
      setLoading(false);
    }
  }, [allowed]);

  useEffect(() => {
    void load();
  }, [load]);

  // The last task's status follows the task live; a task a tick created brings the list up to date.
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!allowed) return;
    const socket = new TaskWebSocket(null, (task: Task) => {
      seen.current.set(task.task_id, task.status);
      const current = rowsRef.current;
      if (current.some((s) => s.last_task_id === task.task_id && s.last_task_status !== task.status)) {
        const next = current.map((s) => (s.last_task_id === task.task_id ? { ...s, last_task_status: task.status } : s));
        rowsRef.current = next;
        setRows(next);
      }
      const scheduleId = task.metadata?.schedule_id;
      if (typeof scheduleId === 'string' && current.some((s) => s.id === scheduleId && s.last_task_id !== task.task_id)) {
        if (reloadSoon.current) clearTimeout(reloadSoon.current);
        reloadSoon.current = setTimeout(() => void load(), 300);
      }
    });
    socket.connect();
    return () => {
      socket.close();
      if (reloadSoon.current) clearTimeout(reloadSoon.current);
    };
  }, [allowed, load]);

  const replace = (next: Schedule) => setRows((current) => current.map((s) => (s.id === next.id ? next : s)));
  const mark = (id: string, what: 'toggle' | 'run' | 'remove' | undefined) => setBusy((b) => ({ ...b, [id]: what }));

  const toggle = async (schedule: Schedule, enabled: boolean) => {
    mark(schedule.id, 'toggle');
    try {
      replace(await updateSchedule(schedule.id, { enabled }));
      message.success(enabled ? S.enabledOn : S.enabledOff);
    } catch (err) {
      message.error(`${S.toggleFailed}: ${messageOf(err)}`);
    } finally {
      mark(schedule.id, undefined);
    }
  };

  const runNow = async (schedule: Schedule) => {
    mark(schedule.id, 'run');
    try {
      const { task_id } = await runScheduleNow(schedule.id);
      setRows((current) =>
        current.map((s) =>
          s.id === schedule.id
            ? { ...s, last_task_id: task_id, last_task_status: s.last_task_id === task_id ? s.last_task_status : 'pending' }
            : s,
        ),
      );
      message.success({
        key: `run-${schedule.id}`,
        content: (
          <span data-testid="schedule-run-message">
            {S.started} · <TaskLink taskId={task_id}>{S.openTask}</TaskLink>
          </span>
        ),
      });
      void load();
    } catch (err) {
      message.error(`${S.runFailed}: ${messageOf(err)}`);
    } finally {
      mark(schedule.id, undefined);
    }
  };

  const remove = async (schedule: Schedule) => {
    mark(schedule.id, 'remove');
    try {
      await removeSchedule(schedule.id);
      setRows((current) => current.filter((s) => s.id !== schedule.id));
      message.success(S.removed);
    } catch (err) {
      message.error(`${S.removeFailed}: ${messageOf(err)}`);
    } finally {
      mark(schedule.id, undefined);
    }
  };

  const columns: TableColumnsType<Schedule> = [
    {
      title: S.name,
      dataIndex: 'name',
      render: (name: string, s) => (
        <div className="cell-main">
          <span className="schedules__name">{name}</span>
          {compact && (
            <>
              <span className="cell-sub">{s.description}</span>
              <span className="cell-sub">
                {S.next}: <NextRun schedule={s} />
              </span>
              {s.last_task_id && s.last_task_status && (
                <span className="cell-sub">
                  <TaskLink taskId={s.last_task_id} label={S.lastTaskOf(STATUS_TEXT[s.last_task_status])}>
                    <TaskStatusTag status={s.last_task_status} />
                  </TaskLink>
                </span>
              )}
            </>
          )}
          {s.last_error && <span className="cell-sub text-error">{s.last_error}</span>}
        </div>
      ),
    },
    {
      title: S.what,
      dataIndex: 'task_type',
      responsive: ['md'],
      render: (type: string, s) => {
        const period = periodText(s.payload);
        return (
          <div className="cell-main">
            <span>{taskTypeLabel(type)}</span>
            {period && <span className="cell-sub">{period}</span>}
          </div>
        );
      },
    },
    {
      title: S.when,
      dataIndex: 'description',
      responsive: ['sm'],
      render: (description: string, s) => (
        <div className="cell-main">
          <span>{description}</span>
          <span className="cell-sub">
            <span className="mono">{s.cron}</span> · {zoneLabel(s.timezone)}
          </span>
        </div>
      ),
    },
    {
      title: S.next,
      dataIndex: 'next_run_at',
      width: 170,
      responsive: ['sm'],
      render: (_: string | null, s) => <NextRun schedule={s} />,
    },
    {
      title: S.last,
      dataIndex: 'last_run_at',
      width: 190,
      responsive: ['sm'],
      render: (iso: string | null, s) => {
        if (!s.last_task_id && !iso) return <span className="muted">{S.never}</span>;
        return (
          <div className="cell-main">
            {iso && <span className="num">{formatMinute(iso)}</span>}
            {s.last_task_id && (
              <TaskLink taskId={s.last_task_id} label={S.lastTaskOf(s.last_task_status ? STATUS_TEXT[s.last_task_status] : T.common.dash)}>
                {s.last_task_status ? (
                  <TaskStatusTag status={s.last_task_status} />
                ) : (
                  <span className="mono">{s.last_task_id.slice(-12)}</span>
                )}
              </TaskLink>
            )}
            {s.skipped_count > 0 && <span className="cell-sub">{S.skipped(s.skipped_count)}</span>}
          </div>
        );
      },
    },
    {
      title: S.enabled,
      dataIndex: 'enabled',
      width: compact ? 64 : 100,
      align: 'center',
      render: (enabled: boolean, s) => (
        <Switch
          checked={enabled}
          loading={busy[s.id] === 'toggle'}
          onChange={(next) => void toggle(s, next)}
          aria-label={S.enabledOf(s.name)}
        />
      ),
    },
    {
      title: <span className="visually-hidden">{S.actions}</span>,
      key: 'actions',
      width: compact ? 100 : 210,
      render: (_: unknown, s) => (
        <div className="schedules__actions">
          <Tooltip title={compact ? S.runNow : undefined}>
            <Button
              size="small"
              icon={<CaretRightOutlined />}
              loading={busy[s.id] === 'run'}
              onClick={() => void runNow(s)}
              aria-label={S.runNowOf(s.name)}
            >
              {compact ? null : S.runNow}
            </Button>
          </Tooltip>
          <Tooltip title={S.edit}>
            <Button size="small" type="text" icon={<EditOutlined />} onClick={() => openForm(s)} aria-label={S.editOf(s.name)} />
          </Tooltip>
          <Popconfirm
            title={S.removeTitle}
            description={S.removeText}
            okText={S.removeOk}
            cancelText={T.common.cancel}
            okButtonProps={{ danger: true }}
            onConfirm={() => void remove(s)}
          >
            <Tooltip title={S.remove}>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                loading={busy[s.id] === 'remove'}
                aria-label={S.removeOf(s.name)}
              />
            </Tooltip>
          </Popconfirm>
        </div>
      ),
    },
  ];

  return (
    <ListPage<Schedule>
      name="schedules"
      texts={S}
      forbidden={forbidden}
      loadError={loadError}
      onReload={() => void load()}
      onAdd={() => openForm(null)}
      table={{ rowKey: 'id', columns, dataSource: rows, loading, pagination: { ...LIST_PAGINATION, showTotal: S.total } }}
    >
      <ScheduleForm
        open={formOpen}
        schedule={formSchedule}
        onClose={() => setFormOpen(false)}
        onSaved={(saved, created) => {
          setFormOpen(false);
          setRows((current) => (created ? [...current, saved] : current.map((s) => (s.id === saved.id ? saved : s))));
          message.success(created ? S.form.created : S.form.saved);
        }}
      />
    </ListPage>
  );
}
