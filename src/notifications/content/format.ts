/**
 * Russian formats of the messages (numbers ru-RU, plurals, durations in words, dates), used by the templates'
 * helpers. The words of the messages live in the templates; these only turn values into text.
 */

const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** 12 345 (the group separator is a no-break space, as ru-RU writes it). */
export function formatInt(n: number): string {
  return integer.format(n);
}

/** The Russian plural form for `n`: one (1, 21, 101), few (2–4, 22–24) or many (0, 5–20, 11–14). */
export function plural(n: number, one: string, few: string, many: string): string {
  const abs = Math.abs(Math.trunc(n));
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** «1 000 записей»: the number and the word in its plural form. */
export function countOf(n: number, one: string, few: string, many: string): string {
  return `${formatInt(n)} ${plural(n, one, few, many)}`;
}

/**
 * A duration in words, to the second below an hour and to the minute above: «меньше секунды», «12 секунд»,
 * «3 минуты 5 секунд», «1 час 2 минуты».
 */
export function formatDurationWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 1) return 'меньше секунды';
  if (totalSeconds < 60) return countOf(totalSeconds, 'секунда', 'секунды', 'секунд');
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    const head = countOf(minutes, 'минута', 'минуты', 'минут');
    return seconds === 0 ? head : `${head} ${countOf(seconds, 'секунда', 'секунды', 'секунд')}`;
  }
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const head = countOf(hours, 'час', 'часа', 'часов');
  return minutes === 0 ? head : `${head} ${countOf(minutes, 'минута', 'минуты', 'минут')}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 31.12.2025 from YYYY-MM-DD (no time zone shift); null when `day` is not such a date. */
export function formatDay(day: unknown): string | null {
  if (typeof day !== 'string') return null;
  const m = DAY.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : null;
}

const dateFormats = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** The date and time formats of a zone (undefined: the process's), cached; an unknown zone falls back to UTC. */
function formatsOf(timeZone: string | undefined): { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } {
  const key = timeZone ?? '';
  let f = dateFormats.get(key);
  if (!f) {
    const make = (zone: string | undefined) => ({
      date: new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: zone }),
      time: new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }),
    });
    try {
      f = make(timeZone);
    } catch {
      f = make('UTC');
    }
    dateFormats.set(key, f);
  }
  return f;
}

/** «06.12.2026 в 10:53» in `timeZone`; null for a missing or unreadable time. */
export function formatDateTime(iso: string | null, timeZone?: string): string | null {
  const date = parseTime(iso);
  if (!date) return null;
  const f = formatsOf(timeZone);
  return `${f.date.format(date)} в ${f.time.format(date)}`;
}

/**
 * A window of time as a person reads it: `range` «10:00–10:01» and `day` «06.12.2026» when both ends are on one day;
 * else `range` «05.12.2026 23:50–06.12.2026 00:10» and `day` null.
 */
export function formatWindow(startIso: string, endIso: string, timeZone?: string): { range: string; day: string | null } {
  const start = parseTime(startIso);
  const end = parseTime(endIso);
  if (!start || !end) return { range: '', day: null };
  const f = formatsOf(timeZone);
  const startDay = f.date.format(start);
  const endDay = f.date.format(end);
  if (startDay === endDay) return { range: `${f.time.format(start)}–${f.time.format(end)}`, day: startDay };
  return { range: `${startDay} ${f.time.format(start)}–${endDay} ${f.time.format(end)}`, day: null };
}

/** Milliseconds between two ISO times, or null when either is missing or unreadable or the order is reversed. */
export function elapsedMs(fromIso: string | null, toIso: string | null): number | null {
  const from = parseTime(fromIso);
  const to = parseTime(toIso);
  if (!from || !to || to.getTime() < from.getTime()) return null;
  return to.getTime() - from.getTime();
}

function parseTime(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
