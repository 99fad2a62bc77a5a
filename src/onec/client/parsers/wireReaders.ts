// Typed readers of single wire fields, tolerant of 1C's conventions: integers as strings, the empty reference
// and the empty date meaning "nothing", composite fields split into <Name> + <Name>_Type. A field that is missing
// or does not fit raises ODataRecordError naming the set, the Ref_Key and the field.
import { DATE_TIME_PATTERN, EMPTY_DATE, EMPTY_GUID, GUID_PATTERN, TYPE_NAMESPACE, UNDEFINED_TYPE } from '../../wire/index.js';
import type { ODataRecord } from '../../wire/index.js';
import { ODataRecordError } from '../errors.js';

/** Where a value comes from, for error messages. */
export interface RecordContext {
  /** Entity set of the record. */
  readonly set: string;
  /** Ref_Key of the record as sent (unvalidated), null when absent. */
  readonly refKey: string | null;
  /** The record or the tabular-section row being read. */
  readonly record: ODataRecord;
  /** Prefix of field names for rows, e.g. `РасшифровкаПлатежа[1].`. */
  readonly fieldPrefix: string;
}

/** A composite field's value: the reference and its type without the namespace, both null when empty. */
export interface CompositeValue {
  ref: string | null;
  type: string | null;
}

/** Context of a top-level record. */
export function recordContext(set: string, record: ODataRecord): RecordContext {
  const refKey = typeof record.Ref_Key === 'string' ? record.Ref_Key : null;
  return { set, refKey, record, fieldPrefix: '' };
}

/** Context of a row of a tabular section, numbered from 1 like 1C's LineNumber. */
export function rowContext(parent: RecordContext, field: string, index: number, row: ODataRecord): RecordContext {
  return { ...parent, record: row, fieldPrefix: `${parent.fieldPrefix}${field}[${index + 1}].` };
}

/** Throws ODataRecordError for `field` of the record in `ctx`. */
export function fail(ctx: RecordContext, field: string, reason: string): never {
  throw new ODataRecordError(ctx.set, ctx.refKey, ctx.fieldPrefix + field, reason);
}

function present(ctx: RecordContext, field: string): unknown {
  if (!Object.hasOwn(ctx.record, field)) fail(ctx, field, 'поле отсутствует (проверьте $select)');
  return ctx.record[field];
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A required string field (may be empty). */
export function readString(ctx: RecordContext, field: string): string {
  const value = present(ctx, field);
  if (typeof value !== 'string') fail(ctx, field, `ожидалась строка, получено ${describe(value)}`);
  return value;
}

/** A boolean field; the strings "true"/"false" are accepted too. */
export function readBoolean(ctx: RecordContext, field: string): boolean {
  const value = present(ctx, field);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(ctx, field, `ожидалось true/false, получено ${describe(value)}`);
}

/** A boolean field that some catalogs do not have (e.g. IsFolder of a non-hierarchical one): false when absent. */
export function readOptionalBoolean(ctx: RecordContext, field: string): boolean {
  return Object.hasOwn(ctx.record, field) ? readBoolean(ctx, field) : false;
}

/** A reference (`<Name>_Key`): lower-case GUID, or null for the empty reference. */
export function readRef(ctx: RecordContext, field: string): string | null {
  const value = present(ctx, field);
  if (value === '' || value === null || value === EMPTY_GUID) return null;
  if (typeof value !== 'string' || !GUID_PATTERN.test(value)) fail(ctx, field, `ожидался GUID, получено ${describe(value)}`);
  return value.toLowerCase();
}

/** Ref_Key of the record: a GUID that must not be empty. */
export function readRefKey(ctx: RecordContext): string {
  const ref = readRef(ctx, 'Ref_Key');
  if (ref === null) fail(ctx, 'Ref_Key', 'пустая ссылка');
  return ref;
}

/** A date-time `YYYY-MM-DDTHH:MM:SS` (fractions of a second dropped), or null for the empty date. */
export function readDateTime(ctx: RecordContext, field: string): string | null {
  const value = present(ctx, field);
  if (value === '' || value === null) return null;
  if (typeof value !== 'string') fail(ctx, field, `ожидалась дата, получено ${describe(value)}`);
  const wholeSeconds = value.replace(/\.\d+$/, '');
  if (!DATE_TIME_PATTERN.test(wholeSeconds)) fail(ctx, field, `ожидалась дата ГГГГ-ММ-ДДTчч:мм:сс, получено ${describe(value)}`);
  return wholeSeconds === EMPTY_DATE ? null : wholeSeconds;
}

/** An integer field; 1C sends integer types as strings ("1"), a number is accepted too. */
export function readInteger(ctx: RecordContext, field: string): number {
  const value = present(ctx, field);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return fail(ctx, field, `ожидалось целое число, получено ${describe(value)}`);
}

/** A money amount rounded to kopecks; 1C sends fractional numbers as JSON numbers, a numeric string is accepted. */
export function readAmount(ctx: RecordContext, field: string): number {
  const value = present(ctx, field);
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number)) fail(ctx, field, `ожидалась сумма, получено ${describe(value)}`);
  return Math.round(number * 100) / 100;
}

/** A composite field `<Name>` + `<Name>_Type`; empty (`""`/empty GUID or StandardODATA.Undefined) gives nulls. */
export function readComposite(ctx: RecordContext, field: string): CompositeValue {
  const typeField = `${field}_Type`;
  const rawType = readString(ctx, typeField);
  const rawRef = present(ctx, field);
  if (rawType === '' || rawType === UNDEFINED_TYPE) return { ref: null, type: null };
  const type = rawType.startsWith(`${TYPE_NAMESPACE}.`) ? rawType.slice(TYPE_NAMESPACE.length + 1) : rawType;
  if (rawRef === '' || rawRef === EMPTY_GUID) return { ref: null, type: null };
  // Non-reference types (a string, a number) can sit in a composite field too; keep the value as text.
  if (typeof rawRef === 'string' && GUID_PATTERN.test(rawRef)) return { ref: rawRef.toLowerCase(), type };
  if (/^(Catalog|Document|ChartOfAccounts|ChartOfCharacteristicTypes|Enum|ExchangePlan|BusinessProcess|Task)_/.test(type)) {
    fail(ctx, field, `ожидался GUID для типа ${rawType}, получено ${describe(rawRef)}`);
  }
  return { ref: null, type };
}

/** An inline tabular section: an array of row objects. */
export function readRows(ctx: RecordContext, field: string): ODataRecord[] {
  const value = present(ctx, field);
  if (!Array.isArray(value) || !value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    fail(ctx, field, `ожидался массив строк табличной части, получено ${describe(value)}`);
  }
  return value as ODataRecord[];
}
