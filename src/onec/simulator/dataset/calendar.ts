// Calendar helpers for generated data: the days of the period and Russian date formats used in purposes.

/** One day of the period. */
export interface CalendarDay {
  /** YYYY-MM-DD. */
  iso: string;
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** True on Saturday and Sunday. */
  weekend: boolean;
}

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function fromDate(date: Date): CalendarDay {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const weekday = date.getUTCDay();
  return { iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, year, month, day, weekend: weekday === 0 || weekday === 6 };
}

function toDate(iso: string): Date {
  const [year = 1, month = 1, day = 1] = iso.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Every day from `from` to `to` (YYYY-MM-DD, both included). */
export function daysOfPeriod(from: string, to: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  const date = toDate(from);
  const end = toDate(to).getTime();
  while (date.getTime() <= end) {
    days.push(fromDate(date));
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return days;
}

/** The day `offset` days from `day` (negative goes back). */
export function shiftDay(day: CalendarDay, offset: number): CalendarDay {
  const date = toDate(day.iso);
  date.setUTCDate(date.getUTCDate() + offset);
  return fromDate(date);
}

/** "05.03.2025". */
export function russianDate(day: CalendarDay): string {
  return `${pad(day.day)}.${pad(day.month)}.${pad(day.year, 4)}`;
}

/** "март 2025" for the month before `day` (salaries and taxes are paid for the previous month). */
export function previousMonthText(day: CalendarDay): string {
  const month = day.month === 1 ? 12 : day.month - 1;
  const year = day.month === 1 ? day.year - 1 : day.year;
  return `${MONTHS[month - 1] ?? ''} ${year}`;
}

/** "март 2025" for the month of `day`. */
export function monthText(day: CalendarDay): string {
  return `${MONTHS[day.month - 1] ?? ''} ${day.year}`;
}

/** "1 квартал 2025" for the quarter before the one of `day`. */
export function previousQuarterText(day: CalendarDay): string {
  const quarter = Math.floor((day.month - 1) / 3);
  return quarter === 0 ? `4 квартал ${day.year - 1}` : `${quarter} квартал ${day.year}`;
}

/** "12 345,67" — an amount the way Russian payment orders print it. */
export function moneyText(amount: number): string {
  const [whole = '0', cents = '00'] = amount.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ' ')},${cents}`;
}
