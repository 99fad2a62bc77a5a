/**
 * A cron expression in Russian, for the schedule list and the preview API ("каждый час в 00 минут",
 * "по будням в 06:00"). The shapes the web form offers as presets (and their near relatives) are worded here;
 * anything else goes to cronstrue's Russian locale, whose wording is correct but stiffer
 * (`0 6 * * 1-5` → "В 06:00, с понедельника по пятницу"), with its first letter lowered to match.
 */
import cronstrue from 'cronstrue';
import 'cronstrue/locales/ru.js';

const NUMBER = /^\d+$/;

/** Russian plural: one (1, 21, …), few (2–4, 22–24, …) or many. */
function plural(n: number, one: string, few: string, many: string): string {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "every N <unit>" in Russian for a feminine unit (минута, секунда): каждую минуту, каждые 15 минут, каждую 21 минуту. */
function every(n: number, oneAcc: string, few: string, many: string): string {
  if (n === 1) return `каждую ${oneAcc}`;
  return `${plural(n, 'каждую', 'каждые', 'каждые')} ${n} ${plural(n, oneAcc, few, many)}`;
}

/** Accusative "every <weekday>", 0 and 7 both Sunday. */
const EVERY_WEEKDAY = [
  'каждое воскресенье',
  'каждый понедельник',
  'каждый вторник',
  'каждую среду',
  'каждый четверг',
  'каждую пятницу',
  'каждую субботу',
  'каждое воскресенье',
];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function weekday(field: string): number | null {
  if (NUMBER.test(field)) return Number(field) <= 7 ? Number(field) : null;
  const i = DAY_NAMES.indexOf(field.toUpperCase());
  return i >= 0 ? i : null;
}

const WEEKDAYS = new Set(['1-5', 'MON-FRI']);
const WEEKENDS = new Set(['0,6', '6,0', '6-7', '6,7', 'SAT,SUN', 'SUN,SAT']);

/** One of the worded shapes, or null. `fields` are 5 (minute hour day month weekday) plus seconds, '0' if absent. */
function worded(sec: string, [min, hour, dom, mon, dow]: string[]): string | null {
  const starred = (...f: (string | undefined)[]): boolean => f.every((x) => x === '*');
  if (sec !== '0') {
    if (!starred(min, hour, dom, mon, dow)) return null;
    if (sec === '*') return 'каждую секунду';
    const step = /^\*\/(\d+)$/.exec(sec);
    return step ? every(Number(step[1]), 'секунду', 'секунды', 'секунд') : null;
  }
  if (min === undefined || hour === undefined || dow === undefined || dom === undefined || !starred(mon)) return null;
  if (hour === '*' && starred(dom, dow)) {
    if (min === '*') return 'каждую минуту';
    const step = /^\*\/(\d+)$/.exec(min);
    if (step) return every(Number(step[1]), 'минуту', 'минуты', 'минут');
    if (NUMBER.test(min) && Number(min) < 60) return `каждый час в ${two(Number(min))} ${plural(Number(min), 'минуту', 'минуты', 'минут')}`;
    return null;
  }
  if (!NUMBER.test(min) || !NUMBER.test(hour) || Number(min) > 59 || Number(hour) > 23) return null;
  const at = `в ${two(Number(hour))}:${two(Number(min))}`;
  if (dom === '*') {
    const upper = dow.toUpperCase();
    if (dow === '*') return `каждый день ${at}`;
    if (WEEKDAYS.has(upper)) return `по будням ${at}`;
    if (WEEKENDS.has(upper)) return `по выходным ${at}`;
    const d = weekday(dow);
    return d === null ? null : `${EVERY_WEEKDAY[d]} ${at}`;
  }
  if (dow === '*' && NUMBER.test(dom) && Number(dom) >= 1 && Number(dom) <= 31) return `${Number(dom)}-го числа каждого месяца ${at}`;
  return null;
}

/** The expression in Russian; expects one parseSchedule accepted (an invalid one is described as best it can). */
export function describe(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  const sec = fields.length === 6 ? fields.shift()! : '0';
  const text = worded(sec, fields);
  if (text) return text;
  const generic = cronstrue.toString(cron, { locale: 'ru', use24HourTimeFormat: true, throwExceptionOnParseError: false });
  return generic.charAt(0).toLowerCase() + generic.slice(1);
}
