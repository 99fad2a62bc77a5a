/**
 * What the schedule form and SyncModal offer: the cron presets (the shapes the server words by hand: «каждый час в
 * 00 минут», «по будням в 06:00»…), the time zones with their current offset, and the schedule's payload for the
 * sync types and how it reads («Банковские операции · текущий месяц»), and a refused field's message in Russian.
 */
import type { Json } from '@/api/tasks';
import type { RelativePeriod, ScheduledBankSyncPayload } from '@/api/schedules';
import { T, TASK_TYPE_TEXT } from '@/texts';

/** One cron preset. */
export interface CronPreset {
  key: keyof typeof T.schedules.presets;
  cron: string;
  label: string;
}

/** The presets, in the order offered. */
export const CRON_PRESETS: readonly CronPreset[] = [
  { key: 'hourly', cron: '0 * * * *', label: T.schedules.presets.hourly },
  { key: 'nightly', cron: '30 2 * * *', label: T.schedules.presets.nightly },
  { key: 'weekdays', cron: '0 6 * * 1-5', label: T.schedules.presets.weekdays },
  { key: 'quarterHour', cron: '*/15 * * * *', label: T.schedules.presets.quarterHour },
  { key: 'monthly', cron: '0 0 1 * *', label: T.schedules.presets.monthly },
];

/** The preset whose expression `cron` is (blanks collapsed), or undefined. */
export function presetOf(cron: string | undefined): CronPreset | undefined {
  const normal = (cron ?? '').trim().replace(/\s+/g, ' ');
  return CRON_PRESETS.find((p) => p.cron === normal);
}

/** The zone the accountants work in: what a new schedule starts with. */
export const DEFAULT_TIMEZONE = 'Europe/Moscow';

/** The zone's offset now, as «UTC+3» («UTC» for zero); '' when the runtime does not know it. */
export function zoneOffset(zone: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    return part ? part.replace(/^GMT/, 'UTC') : '';
  } catch {
    return '';
  }
}

/** The label of a zone: «Москва (UTC+3)»; a zone not in the list by its IANA name. */
export function zoneLabel(zone: string): string {
  const name = T.schedules.zones[zone] ?? zone;
  const offset = zoneOffset(zone);
  return offset && offset !== name ? `${name} (${offset})` : name;
}

/** The zones offered (plus `extra`, e.g. an edited schedule's own zone when it is not in the list). */
export function zoneOptions(extra?: string): { value: string; label: string }[] {
  const zones = Object.keys(T.schedules.zones);
  if (extra && !zones.includes(extra)) zones.unshift(extra);
  return zones.map((z) => ({ value: z, label: zoneLabel(z) }));
}

/** The bank sync's payload for a relative period. */
export function bankSyncPayload(period: RelativePeriod, days: number | undefined, autoClassify: boolean): ScheduledBankSyncPayload {
  return period === 'last_days' ? { period, days: days ?? 7, auto_classify: autoClassify } : { period, auto_classify: autoClassify };
}

/** The period of a scheduled bank sync's payload in words («текущий месяц», «последние 7 дней»), or null. */
export function periodText(payload: Json): string | null {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const p = payload as Record<string, Json>;
  if (p.period === 'last_days' && typeof p.days === 'number') return T.schedules.lastDays(p.days);
  if (typeof p.period === 'string' && p.period !== 'last_days') return T.schedules.periods[p.period] ?? p.period;
  if (typeof p.date_from === 'string' && typeof p.date_to === 'string') return `${p.date_from} — ${p.date_to}`;
  return null;
}

/** What a schedule runs, shortly: «Банковские операции», or the type's long name, or the type itself. */
export function taskTypeLabel(type: string): string {
  return T.schedules.taskTypes[type] ?? TASK_TYPE_TEXT[type] ?? type;
}

/** A field's error in Russian: «Неверное выражение cron: …», the server's own words after the lead. */
export function fieldMessage(field: string, reason: string): string {
  const lead = T.schedules.fieldErrors[field] ?? T.schedules.fieldErrors[field.split('.')[0]!] ?? T.schedules.invalid;
  return `${lead}: ${reason}`;
}
