/** IANA time zones: validation through Intl, and ISO 8601 formatting with the zone's offset at an instant. */
import { UnknownTimeZoneError } from './errors.js';

/**
 * The canonical name of an IANA zone (`europe/moscow` → `Europe/Moscow`, `Etc/UTC` → `UTC`), or an
 * UnknownTimeZoneError. Fixed offsets such as `+03:00` are refused: Intl on Node 20 does not take them, and a
 * fixed offset would silently ignore the zone's DST rules anyway.
 */
export function canonicalTimeZone(timezone: string): string {
  if (typeof timezone !== 'string' || timezone.trim() === '' || timezone.length > 64) throw new UnknownTimeZoneError(String(timezone));
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new UnknownTimeZoneError(timezone);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/**
 * `date` as ISO 8601 local time in `timezone` with that zone's offset at that instant, whole seconds:
 * `2025-03-09T03:00:00-04:00`, `2025-01-01T00:00:00+00:00`. The preview API returns these.
 */
export function formatWithOffset(date: Date, timezone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timezone).formatToParts(date)) parts[p.type] = p.value;
  // longOffset is "GMT+03:00", or plain "GMT" when the offset is zero.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : (parts.timeZoneName ?? '').replace('GMT', '').replace('\u2212', '-');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** The local calendar day (`YYYY-MM-DD`) of `date` in `timezone`. */
export function localDay(date: Date, timezone: string): string {
  return formatWithOffset(date, timezone).slice(0, 10);
}
