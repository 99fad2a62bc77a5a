/**
 * SyncModal's «Синхронизировать автоматически»: instead of starting the sync once, the dialog creates a schedule
 * (POST /api/v1/schedules) from its choices — the sync's type, how often (a preset: every hour, every night…), and
 * for the bank sync the period of each run relative to it (the current month, the previous month, the last N days)
 * and the classification. The schedule runs in Moscow time, the accountants' zone; the «Расписание» page changes it.
 */
import { InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useId } from 'react';
import { RELATIVE_PERIODS, createSchedule, type RelativePeriod, type Schedule } from '@/api/schedules';
import { bankSyncPayload, CRON_PRESETS, DEFAULT_TIMEZONE, taskTypeLabel, zoneLabel, type CronPreset } from '@/app/schedulePresets';
import type { Period } from '@/app/periods';
import { T } from '@/texts';

/** Which sync (SyncModal's tabs). */
export type AutoKind = 'transactions' | 'contractors';

const TYPE_OF: Record<AutoKind, string> = { transactions: 'sync_bank_transactions', contractors: 'sync_contractors' };

/** The choice of the automatic sync. */
export interface AutoChoice {
  /** A key of {@link CRON_PRESETS}. */
  cadence: CronPreset['key'];
  period: RelativePeriod;
  days: number;
}

/** The cadence offered first: the bank every hour, the counterparties every night. */
export const DEFAULT_CADENCE: Record<AutoKind, CronPreset['key']> = { transactions: 'hourly', contractors: 'nightly' };

/** The relative period nearest to the dialog's date range: this month, last month, or its length in days. */
export function relativeOf([from, to]: Period, now: Dayjs): Pick<AutoChoice, 'period' | 'days'> {
  if (from.isSame(now.startOf('month'), 'day') && to.isSame(now.endOf('month'), 'day')) return { period: 'current_month', days: 30 };
  const last = now.subtract(1, 'month');
  if (from.isSame(last.startOf('month'), 'day') && to.isSame(last.endOf('month'), 'day')) return { period: 'previous_month', days: 30 };
  return { period: 'last_days', days: Math.min(366, Math.max(1, to.startOf('day').diff(from.startOf('day'), 'day') + 1)) };
}

/** Creates the schedule for `kind` and `choice` (auto_classify for the bank sync). */
export function createAutoSchedule(kind: AutoKind, choice: AutoChoice, autoClassify: boolean): Promise<Schedule> {
  const preset = CRON_PRESETS.find((p) => p.key === choice.cadence) ?? CRON_PRESETS[0]!;
  const taskType = TYPE_OF[kind];
  return createSchedule({
    name: T.sync.autoName(taskTypeLabel(taskType), preset.label),
    task_type: taskType,
    payload: kind === 'transactions' ? { ...bankSyncPayload(choice.period, choice.days, autoClassify) } : {},
    cron: preset.cron,
    timezone: DEFAULT_TIMEZONE,
    enabled: true,
  });
}

/** Props of {@link SyncAutoFields}. */
export interface SyncAutoFieldsProps {
  kind: AutoKind;
  value: AutoChoice;
  onChange: (next: AutoChoice) => void;
}

/** How often, and (bank sync) the period of each run. */
export default function SyncAutoFields({ kind, value, onChange }: SyncAutoFieldsProps) {
  const cadenceId = useId();
  const periodId = useId();
  const daysId = useId();
  return (
    <div className="sync-auto">
      <div className="field">
        <label className="field__label" htmlFor={cadenceId}>
          {T.sync.autoCadence}
        </label>
        <Select
          id={cadenceId}
          value={value.cadence}
          onChange={(cadence) => onChange({ ...value, cadence })}
          options={CRON_PRESETS.map((p) => ({ value: p.key, label: capital(p.label) }))}
          className="field__control"
        />
        <span className="field__help">{T.schedules.timezoneNote(zoneLabel(DEFAULT_TIMEZONE))}</span>
      </div>
      {kind === 'transactions' && (
        <div className="sync-auto__period">
          <div className="field">
            <label className="field__label" htmlFor={periodId}>
              {T.sync.autoPeriod}
            </label>
            <Select
              id={periodId}
              value={value.period}
              onChange={(period) => onChange({ ...value, period })}
              options={RELATIVE_PERIODS.map((p) => ({ value: p, label: capital(T.schedules.periods[p]!) }))}
              className="field__control"
            />
          </div>
          {value.period === 'last_days' && (
            <div className="field sync-auto__days">
              <label className="field__label" htmlFor={daysId}>
                {T.schedules.form.days}
              </label>
              <InputNumber
                id={daysId}
                min={1}
                max={366}
                precision={0}
                value={value.days}
                onChange={(days) => typeof days === 'number' && onChange({ ...value, days })}
              />
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
