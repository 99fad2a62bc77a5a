/** Number, money, date and duration formats of the interface (Russian conventions; words in texts.ts). */
import { plural, UNITS } from './texts';

const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('ru-RU', { notation: 'compact', maximumFractionDigits: 1 });

/** 12 345 */
export function formatInt(n: number): string {
  return integer.format(n);
}

/** 12 345,60 ₽ */
export function formatMoney(n: number): string {
  return `${money.format(n)} ${UNITS.currency}`;
}

/** 1,2 млн (axis labels). */
export function formatCompact(n: number): string {
  return compact.format(n);
}

/** A duration: «850 мс», «12 с», «3 мин 05 с», «1 ч 02 мин». */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ${UNITS.ms}`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} ${UNITS.s}`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} ${UNITS.h} ${String(minutes).padStart(2, '0')} ${UNITS.min}`;
  return `${minutes} ${UNITS.min} ${String(seconds).padStart(2, '0')} ${UNITS.s}`;
}

/**
 * How long until something, rounded to one unit as a person says it: «45 с», «2 мин», «1 ч», «3 дня».
 * Seconds round up (a second left is never «0 с»); minutes, hours and days to the nearest.
 */
export function formatTimeUntil(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} ${UNITS.s}`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} ${UNITS.min}`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} ${UNITS.h}`;
  const days = Math.round(hours / 24);
  return `${days} ${plural(days, ...UNITS.days)}`;
}

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const shortDateTime = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

/** 28.11.2026, 19:45:03 (local time) from an ISO timestamp. */
export function formatDateTime(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** 28.11, 19:45 (local time) from an ISO timestamp. */
export function formatShortDateTime(iso: string | null): string {
  return iso ? shortDateTime.format(new Date(iso)) : '—';
}

/** 28.11.2026 from YYYY-MM-DD (no time zone shift). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/** «мар 2026» from YYYY-MM (a two-digit year, «мар 26», reads as the 26th of March). */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${UNITS.months[Number(m) - 1] ?? m} ${y}`;
}

const MINUTE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
const minuteDateTime = new Intl.DateTimeFormat('ru-RU', MINUTE);

/** 28.11.2026, 19:45 (local time) from an ISO timestamp; '—' for null. */
export function formatMinute(iso: string | null): string {
  return iso ? minuteDateTime.format(new Date(iso)) : '—';
}

const minuteZoneFormats = new Map<string, Intl.DateTimeFormat>();

/** 28.11.2026, 19:45 in `timeZone` (a schedule's time as its zone sees it); falls back to local time. */
export function formatMinuteInZone(iso: string, timeZone: string): string {
  let f = minuteZoneFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('ru-RU', { ...MINUTE, timeZone });
    } catch {
      f = minuteDateTime;
    }
    minuteZoneFormats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** «пн, 07.12.2026, 02:30» in `timeZone` (a schedule's run as its zone sees it); falls back to local time. */
export function formatInZone(iso: string, timeZone: string): string {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      weekday: 'short',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    };
    try {
      f = new Intl.DateTimeFormat('ru-RU', { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('ru-RU', options);
    }
    zoneFormats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}
