/**
 * The specification's SyncModal: tabs "Банковские операции" (period: the page's when it passes one, else the
 * current month; automatic
 * classification, on by default) and "Контрагенты", each with a start button; both take a priority and a
 * start time (now by default, or later: see SyncSchedule). After a start it shows the task's TaskProgress in
 * place, and while a delayed sync waits for its time, when it is scheduled for. A 409 (one of that kind
 * already pending or running) attaches to that sync; a user whose role may not sync sees why the button is
 * unavailable. «Синхронизировать автоматически» creates a schedule from the dialog's choices instead (SyncAuto).
 */
import { ClockCircleOutlined, CloudSyncOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Modal, Switch, Tabs, Tooltip } from 'antd';
import dayjs from 'dayjs';
import '@/app/antdReact19';
import { useEffect, useId, useState, type MouseEvent } from 'react';
import { canStartSync } from '@/api/auth';
import { ApiError } from '@/api/client';
import { errorText } from '@/api/errorText';
import { getSyncSource, type SyncSource } from '@/api/data';
import { activeTaskIdOf, startAsyncBankTransactionsSync, startAsyncContractorsSync, isFinalStatus, type Task } from '@/api/tasks';
import { errorDetail, fieldOfError, type Schedule as SavedSchedule } from '@/api/schedules';
import { currentMonth, isoDay, periodPresets, type Period } from '@/app/periods';
import { navigate, ROUTES } from '@/app/router';
import { fieldMessage } from '@/app/schedulePresets';
import { useSession } from '@/app/useSession';
import TaskProgress from '@/components/TaskProgress';
import { emailOf, notifyChannels } from '@/components/NotifyMe';
import { watchTask } from '@/api/notifications';
import { formatDay, formatMinute } from '@/format';
import { T } from '@/texts';
import SyncAutoFields, { createAutoSchedule, DEFAULT_CADENCE, relativeOf, type AutoChoice } from './SyncAuto';
import SyncSchedule, { DEFAULT_SCHEDULE, formatRunAt, priorityNote, schedulingOf, type Schedule } from './SyncSchedule';

/** Which sync a tab starts. */
export type SyncKind = 'transactions' | 'contractors';

/** Props of {@link SyncModal} (the specification's, plus the tab to open on). */
export interface SyncModalProps {
  visible: boolean;
  onClose: () => void;
  /**
   * Called once per sync that completes (not when it fails or is cancelled), with the period (YYYY-MM-DD) of a
   * bank sync: the one started here, or that of the sync attached to (its `metadata.params`).
   */
  onSyncComplete?: (task: Task, period?: [string, string]) => void;
  /** The tab shown first. Default 'transactions'. */
  defaultTab?: SyncKind;
  /** The bank sync's period each time the dialog opens (the page's, so the two agree). Default: the current month. */
  defaultPeriod?: Period;
}

interface Run {
  taskId: string;
  kind: SyncKind;
  /** Started elsewhere: this dialog attached to it after a 409. */
  attached: boolean;
  /** The period of a transactions sync started here. */
  period?: [string, string];
  /** The `run_at` a delayed sync started here was given (ISO), until the task's own state arrives. */
  runAt?: string;
  /** The priority a sync started here was given, until the task's own state arrives. */
  priority?: number;
}

/** The period of a bank sync from its `metadata.params` (a sync this dialog attached to), if it has one. */
function periodOf(task: Task): [string, string] | undefined {
  const params = task.metadata.params;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const { date_from: from, date_to: to } = params;
  return typeof from === 'string' && typeof to === 'string' ? [from, to] : undefined;
}

/** The dialog that starts a 1C sync and shows its progress. */
export default function SyncModal({ visible, onClose, onSyncComplete, defaultTab = 'transactions', defaultPeriod }: SyncModalProps) {
  const session = useSession();
  const allowed = canStartSync(session?.user.role);
  const [tab, setTab] = useState<SyncKind>(defaultTab);
  const [period, setPeriod] = useState<Period>(() => defaultPeriod ?? currentMonth());
  const [autoClassify, setAutoClassify] = useState(true);
  const [starting, setStarting] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [runFinal, setRunFinal] = useState(false);
  const [source, setSource] = useState<SyncSource | null>(null);
  const [schedule, setSchedule] = useState<Schedule>(DEFAULT_SCHEDULE);
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  /** The latest state of the run's task. */
  const [runTask, setRunTask] = useState<Task | null>(null);
  /** «Синхронизировать автоматически»: the start button creates a schedule instead. */
  const [auto, setAuto] = useState(false);
  /** «Сообщить мне по завершении»: the sync started (or attached to) is watched. */
  const [notifyMe, setNotifyMe] = useState(false);
  const [autoChoice, setAutoChoice] = useState<Record<SyncKind, AutoChoice>>(() => ({
    transactions: { cadence: DEFAULT_CADENCE.transactions, period: 'current_month', days: 30 },
    contractors: { cadence: DEFAULT_CADENCE.contractors, period: 'current_month', days: 30 },
  }));
  /** The schedule the dialog created last. */
  const [created, setCreated] = useState<SavedSchedule | null>(null);
  const forbiddenId = useId();
  const scheduleErrorId = useId();
  const autoHelpId = useId();
  const notifyHelpId = useId();

  useEffect(() => {
    if (!visible || source) return;
    let live = true;
    getSyncSource().then(
      (s) => live && setSource(s),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [visible, source]);

  useEffect(() => {
    if (visible && !run) setTab(defaultTab);
  }, [visible, defaultTab, run]);

  // Opened again: the period starts as the page's (what the user is looking at is what a sync loads).
  const defaultFrom = defaultPeriod ? isoDay(defaultPeriod[0]) : null;
  const defaultTo = defaultPeriod ? isoDay(defaultPeriod[1]) : null;
  useEffect(() => {
    if (visible && defaultFrom && defaultTo) setPeriod([dayjs(defaultFrom), dayjs(defaultTo).endOf('day')]);
  }, [visible, defaultFrom, defaultTo]);

  const forbidden = !allowed || refused;

  const start = async (kind: SyncKind) => {
    const when = schedulingOf(schedule);
    if ('error' in when) {
      setScheduleError(when.error);
      return;
    }
    setScheduleError(null);
    setStarting(true);
    setError(null);
    const range: [string, string] = [isoDay(period[0]), isoDay(period[1])];
    try {
      const answer =
        kind === 'transactions'
          ? await startAsyncBankTransactionsSync({ date_from: range[0], date_to: range[1], auto_classify: autoClassify, ...when.params })
          : await startAsyncContractorsSync(when.params);
      if (notifyMe) await watch(answer.task_id);
      setRunFinal(false);
      setRunTask(null);
      setRun({
        taskId: answer.task_id,
        kind,
        attached: false,
        period: kind === 'transactions' ? range : undefined,
        runAt: when.params.run_at,
        priority: when.params.priority,
      });
      // The next sync starts now with normal priority unless chosen again.
      setSchedule(DEFAULT_SCHEDULE);
    } catch (err) {
      const active = activeTaskIdOf(err);
      if (active) {
        setRunFinal(false);
        setRunTask(null);
        if (notifyMe) await watch(active);
        setRun({ taskId: active, kind, attached: true });
      } else if (err instanceof ApiError && err.status === 403) setRefused(true);
      else setError(errorText(err));
    } finally {
      setStarting(false);
    }
  };

  const createAuto = async (kind: SyncKind) => {
    setStarting(true);
    setError(null);
    setCreated(null);
    try {
      setCreated(await createAutoSchedule(kind, autoChoice[kind], autoClassify));
    } catch (err) {
      const named = fieldOfError(err);
      if (err instanceof ApiError && err.status === 403) setRefused(true);
      else if (named) setError(fieldMessage(named.field, named.reason));
      else setError(err instanceof ApiError ? (err.status === 0 ? T.common.networkError : errorDetail(err)) : String(err));
    } finally {
      setStarting(false);
    }
  };

  const toggleAuto = (on: boolean) => {
    setAuto(on);
    setCreated(null);
    setError(null);
    // The automatic sync's period starts as the nearest to the one chosen for a single run.
    if (on) setAutoChoice((c) => ({ ...c, transactions: { ...c.transactions, ...relativeOf(period, dayjs()) } }));
  };

  const autoCheckbox = (
    <div className="sync-modal__auto">
      <Checkbox checked={auto} onChange={(e) => toggleAuto(e.target.checked)} aria-describedby={autoHelpId}>
        {T.sync.auto}
      </Checkbox>
      <span id={autoHelpId} className="field__help">
        {T.sync.autoHelp}
      </span>
    </div>
  );

  // Before the progress shows, so its own check box reads the watch; a failure shows there as an unchecked box.
  const watch = (taskId: string) =>
    watchTask(taskId, notifyChannels(session?.user)).then(
      () => {},
      () => {},
    );

  const notifyCheckbox = (
    <div className="sync-modal__notify">
      <Checkbox checked={notifyMe} onChange={(e) => setNotifyMe(e.target.checked)} aria-describedby={notifyHelpId}>
        {T.notifications.notifyMe}
      </Checkbox>
      <span id={notifyHelpId} className="field__help">
        {T.notifications.notifyWhere(emailOf(session?.user))}
      </span>
    </div>
  );

  const autoFields = (kind: SyncKind) => (
    <SyncAutoFields kind={kind} value={autoChoice[kind]} onChange={(next) => setAutoChoice((c) => ({ ...c, [kind]: next }))} />
  );

  const startButton = (kind: SyncKind) => {
    const button = (
      <Button
        type="primary"
        size="large"
        icon={schedule.later || auto ? <ClockCircleOutlined /> : <CloudSyncOutlined />}
        loading={starting}
        disabled={forbidden}
        aria-describedby={forbidden ? forbiddenId : undefined}
        onClick={() => void (auto ? createAuto(kind) : start(kind))}
        className="sync-modal__start"
      >
        {auto ? T.sync.autoCreate : schedule.later ? T.sync.schedule : T.sync.start}
      </Button>
    );
    return forbidden ? (
      <Tooltip title={T.sync.forbiddenShort}>
        <span className="sync-modal__start-wrap">{button}</span>
      </Tooltip>
    ) : (
      button
    );
  };

  const notices = (
    <>
      {source?.source === 'simulator' && <Alert type="info" showIcon message={T.sync.simulator} className="sync-modal__notice" />}
      {forbidden && (
        <Alert id={forbiddenId} type="warning" showIcon message={T.sync.forbidden} className="sync-modal__notice" role="alert" />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          message={auto ? T.sync.autoFailed : T.sync.startFailed}
          description={error}
          className="sync-modal__notice"
        />
      )}
      {created && !run && (
        <Alert
          type="success"
          showIcon
          role="status"
          message={T.sync.autoCreated(created.name)}
          description={
            <>
              {created.next_run_at && `${T.schedules.next}: ${formatMinute(created.next_run_at)} · `}
              <a
                href={ROUTES.schedules}
                onClick={(e: MouseEvent) => {
                  e.preventDefault();
                  navigate(ROUTES.schedules);
                  onClose();
                }}
              >
                {T.sync.autoOpen}
              </a>
            </>
          }
          className="sync-modal__notice"
          data-testid="sync-auto-created"
        />
      )}
    </>
  );

  const scheduleFields = (
    <SyncSchedule
      value={schedule}
      onChange={(next) => {
        setSchedule(next);
        setScheduleError(null);
      }}
      error={scheduleError}
      errorId={scheduleErrorId}
    />
  );

  const form = (
    <Tabs
      activeKey={tab}
      onChange={(key) => setTab(key as SyncKind)}
      items={[
        {
          key: 'transactions',
          label: T.sync.tabTransactions,
          children: (
            <div className="sync-modal__pane">
              <p className="muted">{T.sync.transactionsIntro}</p>
              {!auto && (
                <label className="field">
                  <span className="field__label">{T.sync.period}</span>
                  <DatePicker.RangePicker
                    value={period}
                    onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
                    allowClear={false}
                    presets={periodPresets()}
                    format="DD.MM.YYYY"
                    aria-label={T.sync.period}
                    className="field__control"
                    classNames={{ popup: { root: 'range-popup' } }}
                  />
                </label>
              )}
              <label className="field field--inline">
                <Switch checked={autoClassify} onChange={setAutoClassify} aria-label={T.sync.autoClassify} />
                <span>
                  {T.sync.autoClassify}
                  <span className="field__help">{T.sync.autoClassifyHelp}</span>
                </span>
              </label>
              {autoCheckbox}
              {auto ? autoFields('transactions') : scheduleFields}
              {!auto && notifyCheckbox}
              {startButton('transactions')}
            </div>
          ),
        },
        {
          key: 'contractors',
          label: T.sync.tabContractors,
          children: (
            <div className="sync-modal__pane">
              <p className="muted">{T.sync.contractorsIntro}</p>
              {autoCheckbox}
              {auto ? autoFields('contractors') : scheduleFields}
              {!auto && notifyCheckbox}
              {startButton('contractors')}
            </div>
          ),
        },
      ]}
    />
  );

  // The run's own task (a stale state of the previous run is ignored); before its first state, what was asked for.
  const task = run && runTask?.task_id === run.taskId ? runTask : null;
  const scheduledFor = !run
    ? null
    : task
      ? task.status === 'pending' && Date.parse(task.run_at) > Date.now()
        ? task.run_at
        : null
      : (run.runAt ?? null);
  const priority = run ? priorityNote(task ? task.priority : (run.priority ?? 0)) : null;

  const progress = run && (
    <div className="sync-modal__run">
      <h3 className="sync-modal__run-title">
        {run.kind === 'transactions' ? T.sync.bankTaskTitle : T.sync.contractorsTaskTitle}
        {run.period && <span className="muted"> · {`${formatDay(run.period[0])} — ${formatDay(run.period[1])}`}</span>}
        {priority && <span className="muted"> · {priority}</span>}
      </h3>
      {run.attached && (
        <Alert type="info" showIcon message={scheduledFor ? T.sync.attachedScheduled : T.sync.attached} className="sync-modal__notice" />
      )}
      {scheduledFor && (
        <Alert
          type="info"
          showIcon
          icon={<ClockCircleOutlined />}
          message={T.sync.scheduled(formatRunAt(scheduledFor))}
          description={T.sync.scheduledHelp}
          className="sync-modal__notice sync-modal__scheduled"
          data-testid="sync-scheduled"
        />
      )}
      <TaskProgress
        taskId={run.taskId}
        inline
        onComplete={(t) => onSyncComplete?.(t, run.period ?? periodOf(t))}
        onUpdate={(t) => {
          setRunTask(t);
          setRunFinal(isFinalStatus(t.status));
        }}
      />
    </div>
  );

  return (
    <Modal
      open={visible}
      title={T.sync.title}
      onCancel={onClose}
      width={600}
      closable={{ 'aria-label': T.common.close }}
      footer={
        <div className="sync-modal__footer">
          {run && runFinal && (
            <Button onClick={() => setRun(null)} className="sync-modal__new">
              {T.sync.newSync}
            </Button>
          )}
          <Button onClick={onClose}>{T.common.close}</Button>
        </div>
      }
    >
      <div className="sync-modal">
        {notices}
        {run ? progress : form}
      </div>
    </Modal>
  );
}
