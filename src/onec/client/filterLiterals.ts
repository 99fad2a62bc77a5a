// Builders of $filter literals in 1C's OData v3 dialect, so callers never splice raw values into a filter.
import { ODataArgumentError } from './errors.js';
import { GUID_PATTERN, TYPE_NAMESPACE } from '../wire/index.js';

/** A string literal: `'…'` with every `'` doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A GUID literal: `guid'…'` (lower case). */
export function odataGuid(guid: string): string {
  if (!GUID_PATTERN.test(guid)) throw new ODataArgumentError(`Неверный GUID «${guid}»`);
  return `guid'${guid.toLowerCase()}'`;
}

/** A date-time literal `datetime'YYYY-MM-DDTHH:MM:SS'` from `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM:SS`; 1C has no time zones. */
export function odataDateTime(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?$/.exec(value);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new ODataArgumentError(`Неверная дата «${value}»: ожидается ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTчч:мм:сс`);
  }
  const [hh = '00', mm = '00', ss = '00'] = match.slice(4).map((part) => part ?? '00');
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) throw new ODataArgumentError(`Неверное время в «${value}»`);
  return `datetime'${match[1]}-${match[2]}-${match[3]}T${hh}:${mm}:${ss}'`;
}

/** A boolean literal: `true` or `false`. */
export function odataBoolean(value: boolean): string {
  return value ? 'true' : 'false';
}

/** A composite-field literal: `cast(guid'…', 'Catalog_Контрагенты')`, to compare e.g. `Контрагент eq …`. */
export function odataCast(guid: string, typeName: string): string {
  const bare = typeName.startsWith(`${TYPE_NAMESPACE}.`) ? typeName.slice(TYPE_NAMESPACE.length + 1) : typeName;
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(bare)) throw new ODataArgumentError(`Неверное имя типа «${typeName}»`);
  return `cast(${odataGuid(guid)}, ${odataString(bare)})`;
}

/** Joins filter parts with `and`, parenthesising each; skips empty parts; '' when nothing is left. */
export function andFilters(...parts: readonly (string | null | undefined)[]): string {
  const present = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  if (present.length <= 1) return present[0] ?? '';
  return present.map((part) => `(${part})`).join(' and ');
}

/** True when year-month-day is a date that exists in the (proleptic Gregorian) calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}
