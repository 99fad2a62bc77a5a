/**
 * When and how urgently SyncModal starts a sync: «Приоритет» (Низкий −5, Обычный 0, Высокий 5) and «Когда
 * запустить» (Сейчас, or Позже at a date and time from now to a year ahead). {@link schedulingOf} turns the
 * choice into the request's `priority` and `run_at`, each only when it is not the server's default.
 */
import { DatePicker, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useId } from 'react';
import type { SyncScheduling } from '@/api/tasks';
import { T } from '@/texts';
import './SyncModal.css';

/** The priorities offered, as the task's `priority`. */
export const PRIORITIES: readonly { value: number; label: string }[] = [
  { value: -5, label: T.sync.priorityLow },
  { value: 0, label: T.sync.priorityNormal },
  { value: 5, label: T.sync.priorityHigh },
];

/** The user's choice. */
export interface Schedule {
  priority: number;
  /** Start at `runAt` instead of now. */
  later: boolean;
  /** Whole minutes, local time; null until chosen. */
  runAt: Dayjs | null;
}

/** Normal priority, now: nothing is sent. */
export const DEFAULT_SCHEDULE: Schedule = { priority: 0, later: false, runAt: null };

/** The server's limit: a task may be delayed by a year (365 days) at most. */
const MAX_DELAY_MS = 365 * 86_400_000;

/** The last day the picker offers: 364 days ahead, so any time of it is within the server's limit. */
function lastDay(now: Dayjs): Dayjs {
  return now.add(364, 'day').endOf('day');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** The request's part for `schedule` at `now`, or why it cannot be sent. */
export function schedulingOf(schedule: Schedule, now: Dayjs = dayjs()): { params: SyncScheduling } | { error: string } {
  const params: SyncScheduling = {};
  if (schedule.priority !== 0) params.priority = schedule.priority;
  if (schedule.later) {
    const at = schedule.runAt;
    if (!at) return { error: T.sync.runAtRequired };
    if (!at.isAfter(now)) return { error: T.sync.runAtPast };
    if (at.valueOf() - now.valueOf() > MAX_DELAY_MS) return { error: T.sync.runAtTooFar };
    params.run_at = at.toISOString();
  }
  return { params };
}

/** The label of a task's priority for the run's heading: null for the default. */
export function priorityNote(priority: number): string | null {
  if (priority === 0) return null;
  const known = PRIORITIES.find((p) => p.value === priority);
  return known ? T.sync.priorityNote(known.label) : T.sync.priorityValue(priority);
}

/** «06.12.2026, 22:00» (local time) of an ISO time. */
export function formatRunAt(iso: string): string {
  return dayjs(iso).format('DD.MM.YYYY, HH:mm');
}

/** Whole minutes: the picker shows no seconds, so none are sent. */
const minute = (d: Dayjs) => d.second(0).millisecond(0);

/** Quick choices of the picker; a function each, so «Через час» is an hour from the click. */
function presets(now: Dayjs) {
  const tonight = minute(now.hour(22).minute(0));
  return [
    { label: T.sync.runAtInHour, value: () => minute(dayjs().add(1, 'hour')) },
    ...(tonight.isAfter(now) ? [{ label: T.sync.runAtTonight, value: () => minute(dayjs().hour(22).minute(0)) }] : []),
    { label: T.sync.runAtTomorrow, value: () => minute(dayjs().add(1, 'day').hour(7).minute(0)) },
  ];
}

/** Props of {@link SyncSchedule}. */
export interface SyncScheduleProps {
  value: Schedule;
  onChange: (value: Schedule) => void;
  /** Why the chosen time cannot be used (shown under the picker), or null. */
  error: string | null;
  /** Id of the error line, for the picker's aria-describedby. */
  errorId: string;
}

/** The two choices, each a group of buttons; the picker appears with «Позже». */
export default function SyncSchedule({ value, onChange, error, errorId }: SyncScheduleProps) {
  const now = dayjs();
  // Each group's radios share a name of their own (antd's default name is not unique in every build).
  const name = useId();
  return (
    <div className="sync-schedule">
      <fieldset className="sync-schedule__group">
        <legend className="field__label">{T.sync.priority}</legend>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          name={`${name}-priority`}
          value={value.priority}
          onChange={(e) => onChange({ ...value, priority: e.target.value as number })}
          options={PRIORITIES.map((p) => ({ value: p.value, label: p.label }))}
          className="sync-schedule__choice"
        />
        <span className="field__help">{T.sync.priorityHelp}</span>
      </fieldset>
      <fieldset className="sync-schedule__group">
        <legend className="field__label">{T.sync.when}</legend>
        <div className="sync-schedule__when">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            name={`${name}-when`}
            value={value.later ? 'later' : 'now'}
            onChange={(e) => onChange({ ...value, later: e.target.value === 'later' })}
            options={[
              { value: 'now', label: T.sync.whenNow },
              { value: 'later', label: T.sync.whenLater },
            ]}
            className="sync-schedule__choice"
          />
          {value.later && (
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5, hideDisabledOptions: true }}
              // «Сейчас» would pick a moment already gone by the time the sync is started.
              showNow={false}
              format="DD.MM.YYYY HH:mm"
              value={value.runAt}
              onChange={(d: Dayjs | null) => onChange({ ...value, runAt: d ? minute(d) : null })}
              disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(lastDay(dayjs()))}
              disabledTime={(d) => {
                const current = dayjs();
                if (!d || !d.isSame(current, 'day')) return {};
                return {
                  disabledHours: () => range(0, current.hour()),
                  disabledMinutes: (hour: number) => (hour === current.hour() ? range(0, current.minute() + 1) : []),
                };
              }}
              presets={presets(now)}
              placeholder={T.sync.runAtPlaceholder}
              aria-label={T.sync.runAt}
              aria-describedby={error ? errorId : undefined}
              aria-invalid={error ? true : undefined}
              status={error ? 'error' : undefined}
              className="sync-schedule__picker"
              classNames={{ popup: { root: 'run-at-popup' } }}
            />
          )}
        </div>
        {error && (
          <span id={errorId} className="sync-schedule__error" role="alert">
            {error}
          </span>
        )}
      </fieldset>
    </div>
  );
}
