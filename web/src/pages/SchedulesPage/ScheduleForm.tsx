/**
 * The create and edit form of a schedule, in a dialog: name, what it runs (a sync type; for the bank sync its
 * period relative to each run: the current month, the previous month or the last N days), the cron expression with
 * presets, the time zone (Moscow by default), what to do with missed runs and with a run that would overlap the
 * previous one. While the expression is typed, the server's preview (debounced) shows the next 5 runs and the
 * expression in words. A 400 from the server names a field: its message shows on that field in Russian, with the
 * server's own words after it.
 */
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Spin, Switch } from 'antd';
import { useEffect, useId, useMemo, useState } from 'react';
import {
  createSchedule,
  errorDetail,
  fieldOfError,
  MISSED_POLICIES,
  OVERLAP_POLICIES,
  previewSchedule,
  RELATIVE_PERIODS,
  updateSchedule,
  type MissedPolicy,
  type OverlapPolicy,
  type RelativePeriod,
  type Schedule,
  type ScheduleInput,
  type SchedulePreview,
} from '@/api/schedules';
import { ApiError } from '@/api/client';
import { TASK_TYPES, type Json } from '@/api/tasks';
import {
  bankSyncPayload,
  CRON_PRESETS,
  DEFAULT_TIMEZONE,
  fieldMessage,
  periodText,
  presetOf,
  taskTypeLabel,
  zoneOptions,
} from '@/app/schedulePresets';
import { formatInZone } from '@/format';
import { T } from '@/texts';

const F = T.schedules.form;
const BANK = 'sync_bank_transactions';
/** How long typing must pause before the preview is asked for. */
const PREVIEW_DEBOUNCE_MS = 350;

/** Props of {@link ScheduleForm}. */
export interface ScheduleFormProps {
  open: boolean;
  /** The schedule to edit; null creates a new one. */
  schedule: Schedule | null;
  onClose: () => void;
  /** After a successful save, with the schedule as the server answered it. */
  onSaved: (schedule: Schedule, created: boolean) => void;
}

/** The dialog with the form. */
export default function ScheduleForm({ open, schedule, onClose, onSaved }: ScheduleFormProps) {
  return (
    <Modal
      open={open}
      title={schedule ? F.editTitle : F.createTitle}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
      closable={{ 'aria-label': T.common.close }}
    >
      <ScheduleFormBody schedule={schedule} onClose={onClose} onSaved={onSaved} />
    </Modal>
  );
}

/** `period` 'fixed': an edited bank sync whose payload holds explicit dates, kept as they are. */
type PeriodChoice = RelativePeriod | 'fixed';

interface Values {
  name: string;
  task_type: string;
  period: PeriodChoice;
  days: number;
  auto_classify: boolean;
  cron: string;
  timezone: string;
  enabled: boolean;
  missed: MissedPolicy;
  missed_cap: number;
  overlap: OverlapPolicy;
}

const record = (payload: Json | undefined): Record<string, Json> =>
  payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : {};

/** The form's values for `schedule` (or a new one). */
function initialValues(schedule: Schedule | null): Values {
  const payload = record(schedule?.payload);
  const period: PeriodChoice =
    typeof payload.period === 'string' && (RELATIVE_PERIODS as readonly string[]).includes(payload.period)
      ? (payload.period as RelativePeriod)
      : schedule?.task_type === BANK && typeof payload.date_from === 'string'
        ? 'fixed'
        : 'current_month';
  return {
    name: schedule?.name ?? '',
    task_type: schedule?.task_type ?? BANK,
    period,
    days: typeof payload.days === 'number' ? payload.days : 7,
    auto_classify: payload.auto_classify !== false,
    cron: schedule?.cron ?? CRON_PRESETS[0]!.cron,
    timezone: schedule?.timezone ?? DEFAULT_TIMEZONE,
    enabled: schedule?.enabled ?? true,
    missed: schedule?.missed ?? 'skip',
    missed_cap: schedule?.missed_cap ?? 10,
    overlap: schedule?.overlap ?? 'skip',
  };
}

/** The payload to send for the form's values. */
function payloadOf(values: Values, schedule: Schedule | null): Json {
  if (values.task_type === BANK) {
    if (values.period === 'fixed') return { ...record(schedule?.payload), auto_classify: values.auto_classify };
    return { ...bankSyncPayload(values.period, values.days, values.auto_classify) };
  }
  // Another type keeps the payload it had (the contractors sync takes none).
  return schedule && schedule.task_type === values.task_type ? schedule.payload : {};
}

/** The form field a server's field name belongs to (the payload's parts to the period fields). */
function formFieldOf(field: string, taskType: string): keyof Values | null {
  const known: (keyof Values)[] = ['name', 'task_type', 'cron', 'timezone', 'enabled', 'missed', 'missed_cap', 'overlap'];
  if ((known as string[]).includes(field)) return field as keyof Values;
  if (field.startsWith('payload') && taskType === BANK) return field === 'payload.days' ? 'days' : 'period';
  return null;
}

type PreviewState =
  | { state: 'empty' }
  | { state: 'loading'; last: (SchedulePreview & { timezone: string }) | null }
  | { state: 'ok'; preview: SchedulePreview; timezone: string }
  | { state: 'invalid' }
  | { state: 'error'; message: string };

function ScheduleFormBody({ schedule, onClose, onSaved }: Omit<ScheduleFormProps, 'open'>) {
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => initialValues(schedule), [schedule]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ state: 'empty' });
  const previewId = useId();
  const cron = Form.useWatch('cron', form) ?? initial.cron;
  const timezone = Form.useWatch('timezone', form) ?? initial.timezone;
  const taskType = Form.useWatch('task_type', form) ?? initial.task_type;
  const period = Form.useWatch('period', form) ?? initial.period;
  const missed = Form.useWatch('missed', form) ?? initial.missed;
  const activePreset = presetOf(cron);

  // The next runs, asked for once typing pauses; an older answer never replaces a newer one.
  useEffect(() => {
    const text = cron.trim();
    if (!text || !timezone) {
      setPreview({ state: 'empty' });
      return;
    }
    setPreview((p) => ({
      state: 'loading',
      last: p.state === 'ok' ? { ...p.preview, timezone: p.timezone } : p.state === 'loading' ? p.last : null,
    }));
    const abort = new AbortController();
    const timer = setTimeout(() => {
      previewSchedule(text, timezone, abort.signal).then(
        (answer) => {
          if (abort.signal.aborted) return;
          setPreview({ state: 'ok', preview: answer, timezone });
          // Both are valid together now: an error the preview put on either goes.
          form.setFields([
            { name: 'cron', errors: [] },
            { name: 'timezone', errors: [] },
          ]);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const named = fieldOfError(err);
          if (named && (named.field === 'cron' || named.field === 'timezone')) {
            form.setFields([{ name: named.field, errors: [fieldMessage(named.field, named.reason)] }]);
            setPreview({ state: 'invalid' });
          } else {
            setPreview({ state: 'error', message: err instanceof ApiError && err.status === 0 ? T.common.networkError : errorDetail(err) });
          }
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [cron, timezone, form]);

  const submit = async (values: Values) => {
    setSaving(true);
    setSaveError(null);
    const input: ScheduleInput = {
      name: values.name.trim(),
      task_type: values.task_type,
      payload: payloadOf(values, schedule),
      cron: values.cron.trim().replace(/\s+/g, ' '),
      timezone: values.timezone,
      enabled: values.enabled,
      missed: values.missed,
      overlap: values.overlap,
      ...(values.missed === 'all' ? { missed_cap: values.missed_cap } : {}),
    };
    try {
      const saved = schedule ? await updateSchedule(schedule.id, input) : await createSchedule(input);
      onSaved(saved, !schedule);
    } catch (err) {
      const named = fieldOfError(err);
      const field = named && formFieldOf(named.field, values.task_type);
      if (named && field) form.setFields([{ name: field, errors: [fieldMessage(named.field, named.reason)] }]);
      else setSaveError(err instanceof ApiError && err.status === 0 ? T.common.networkError : errorDetail(err));
    } finally {
      setSaving(false);
    }
  };

  const typeOptions = useMemo(() => {
    const types: string[] = [...TASK_TYPES];
    if (schedule && !types.includes(schedule.task_type)) types.push(schedule.task_type);
    return types.map((t) => ({ value: t, label: taskTypeLabel(t) }));
  }, [schedule]);

  const periodOptions = useMemo(() => {
    const options: { value: PeriodChoice; label: string }[] = RELATIVE_PERIODS.map((p) => ({
      value: p,
      label: capital(T.schedules.periods[p]!),
    }));
    if (initial.period === 'fixed') options.push({ value: 'fixed', label: periodText(schedule!.payload) ?? 'fixed' });
    return options;
  }, [initial.period, schedule]);

  const zones = useMemo(() => zoneOptions(schedule?.timezone), [schedule]);

  const shown =
    preview.state === 'ok' ? { ...preview.preview, timezone: preview.timezone } : preview.state === 'loading' ? preview.last : null;

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      className="schedule-form"
      name={schedule ? `schedule-${schedule.id}` : 'schedule-new'}
    >
      {saveError && <Alert type="error" showIcon message={F.saveFailed} description={saveError} className="schedule-form__alert" />}
      <Form.Item label={F.name} name="name" rules={[{ required: true, whitespace: true, message: F.nameRequired }]}>
        <Input placeholder={F.namePlaceholder} maxLength={200} autoComplete="off" />
      </Form.Item>
      <div className="schedule-form__row">
        <Form.Item
          label={F.taskType}
          name="task_type"
          rules={[{ required: true, message: F.taskTypeRequired }]}
          className="schedule-form__grow"
        >
          <Select options={typeOptions} />
        </Form.Item>
        {taskType === BANK && (
          <Form.Item label={F.period} name="period" extra={F.periodHelp} className="schedule-form__grow">
            <Select options={periodOptions} />
          </Form.Item>
        )}
        {taskType === BANK && period === 'last_days' && (
          <Form.Item label={F.days} name="days" rules={[{ required: true, type: 'integer', min: 1, max: 366, message: F.daysRequired }]}>
            <InputNumber min={1} max={366} precision={0} className="schedule-form__days" />
          </Form.Item>
        )}
      </div>
      {taskType === BANK && (
        <Form.Item className="schedule-form__inline">
          <label className="field field--inline">
            <Form.Item name="auto_classify" valuePropName="checked" noStyle>
              <Switch aria-label={F.autoClassify} />
            </Form.Item>
            <span>{F.autoClassify}</span>
          </label>
        </Form.Item>
      )}
      <div className="schedule-form__presets" role="group" aria-label={F.preset}>
        <span className="schedule-form__presets-label">{F.preset}:</span>
        <Space wrap size={[6, 6]}>
          {CRON_PRESETS.map((p) => (
            <Button
              key={p.key}
              size="small"
              type={activePreset?.key === p.key ? 'primary' : 'default'}
              aria-pressed={activePreset?.key === p.key}
              onClick={() => {
                form.setFieldsValue({ cron: p.cron });
                void form.validateFields(['cron']).catch(() => {});
              }}
            >
              {p.label}
            </Button>
          ))}
        </Space>
      </div>
      <div className="schedule-form__row">
        <Form.Item
          label={F.cron}
          name="cron"
          rules={[{ required: true, whitespace: true, message: F.cronRequired }]}
          extra={F.cronHelp}
          className="schedule-form__grow"
        >
          <Input className="mono" spellCheck={false} autoComplete="off" aria-describedby={previewId} />
        </Form.Item>
        <Form.Item
          label={F.timezone}
          name="timezone"
          rules={[{ required: true, message: F.timezoneRequired }]}
          className="schedule-form__zone"
        >
          <Select options={zones} showSearch optionFilterProp="label" />
        </Form.Item>
      </div>
      <section id={previewId} className="schedule-preview" aria-label={F.preview} aria-live="polite" data-testid="schedule-preview">
        <div className="schedule-preview__head">
          <span className="schedule-preview__title">{F.preview}</span>
          {preview.state === 'loading' && <Spin size="small" aria-label={F.previewLoading} />}
        </div>
        {shown ? (
          <>
            <div className="schedule-preview__description">{capital(shown.description)}</div>
            <ol className="schedule-preview__runs">
              {shown.runs.map((run) => (
                <li key={run} className="num">
                  <time dateTime={run}>{formatInZone(run, shown.timezone)}</time>
                </li>
              ))}
            </ol>
          </>
        ) : preview.state === 'error' ? (
          <div className="text-error">
            {F.previewFailed}: {preview.message}
          </div>
        ) : (
          <div className="muted">
            {preview.state === 'invalid' ? F.previewInvalid : preview.state === 'loading' ? F.previewLoading : F.previewEmpty}
          </div>
        )}
      </section>
      <div className="schedule-form__row">
        <Form.Item label={F.missed} name="missed" extra={F.missedHelp} className="schedule-form__grow">
          <Select options={MISSED_POLICIES.map((m) => ({ value: m, label: T.schedules.missed[m] }))} />
        </Form.Item>
        {missed === 'all' && (
          <Form.Item
            label={F.missedCap}
            name="missed_cap"
            rules={[{ required: true, type: 'integer', min: 1, max: 1000, message: F.missedCapRequired }]}
          >
            <InputNumber min={1} max={1000} precision={0} className="schedule-form__days" />
          </Form.Item>
        )}
      </div>
      <Form.Item label={F.overlap} name="overlap">
        <Select options={OVERLAP_POLICIES.map((o) => ({ value: o, label: T.schedules.overlap[o] }))} />
      </Form.Item>
      <Form.Item className="schedule-form__inline">
        <label className="field field--inline">
          <Form.Item name="enabled" valuePropName="checked" noStyle>
            <Switch aria-label={F.enabled} />
          </Form.Item>
          <span>{F.enabled}</span>
        </label>
      </Form.Item>
      <div className="schedule-form__footer">
        <Button onClick={onClose}>{T.common.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {schedule ? F.save : F.create}
        </Button>
      </div>
    </Form>
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
