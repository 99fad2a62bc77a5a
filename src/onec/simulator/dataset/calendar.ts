// Calendar helpers for generated data: the days of the period and Russian date formats used in purposes.

/** One day of the calendar. */
export interface CalendarDay {
  /** YYYY-MM-DD. */
  iso: string;
  /** YYYY-MM-DDT00:00:00, shared by every record dated that day. */
  midnight: string;
  /** Four-digit year. */
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** True on Saturday and Sunday. */
  weekend: boolean;
  /** Position in the calendar's day list, for cheap shifting. */
  index: number;
}

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

// Purposes mention dates up to a year before a document (contracts, invoices); keep that many days ready.
const DAYS_BEFORE = 400;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function toDate(iso: string): Date {
  const [year = 1, month = 1, day = 1] = iso.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** The days of a period plus a margin before it, computed once so generation never builds Date objects. */
export class Calendar {
  /** The days of the period, in order. */
  readonly days: readonly CalendarDay[];
  readonly #all: CalendarDay[];

  constructor(from: string, to: string) {
    this.#all = [];
    const date = toDate(from);
    date.setUTCDate(date.getUTCDate() - DAYS_BEFORE);
    const end = toDate(to).getTime();
    while (date.getTime() <= end) {
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth() + 1;
      const day = date.getUTCDate();
      const weekday = date.getUTCDay();
      const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
      this.#all.push({
        iso,
        midnight: `${iso}T00:00:00`,
        year,
        month,
        day,
        weekend: weekday === 0 || weekday === 6,
        index: this.#all.length,
      });
      date.setUTCDate(date.getUTCDate() + 1);
    }
    this.days = this.#all.slice(DAYS_BEFORE);
  }

  /** The day `offset` days from `day`; clamped to the calendar's range. */
  shift(day: CalendarDay, offset: number): CalendarDay {
    const index = Math.min(this.#all.length - 1, Math.max(0, day.index + offset));
    return this.#all[index] ?? day;
  }
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
