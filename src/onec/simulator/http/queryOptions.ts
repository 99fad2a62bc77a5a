// Parsing of the query string of an OData request. Values are percent-decoded with decodeURIComponent, which,
// unlike form decoding, leaves '+' as it is — and a $filter whose spaces arrive as '+' is ignored, as real 1C does.
import type { EntitySchema } from '../entitySchemas.js';
import { queryOptionError } from '../errors.js';

/** One ordering key of $orderby. */
export interface OrderKey {
  field: string;
  descending: boolean;
}

/** The query options of a request, decoded and checked against the schema. */
export interface QueryOptions {
  /** $format as sent, null when absent. */
  format: string | null;
  /** $filter, null when absent or ignored. */
  filter: string | null;
  /** True when a $filter was sent with '+' for spaces and therefore ignored. */
  filterIgnored: boolean;
  /** $select fields (composite `X` brings `X_Type`), null for all. */
  select: string[] | null;
  /** $orderby keys. */
  orderBy: OrderKey[];
  /** $top, null when absent. */
  top: number | null;
  /** $skip, 0 when absent. */
  skip: number;
  /** $inlinecount=allpages was asked. */
  inlineCount: boolean;
  /** $expand as sent, null when absent. */
  expand: string | null;
}

const KNOWN_SYSTEM_OPTIONS = new Set(['$format', '$filter', '$select', '$orderby', '$top', '$skip', '$inlinecount', '$expand']);

/** Splits a raw query string into decoded name → { raw, value } pairs; 400/14 on bad encoding or repeats. */
export function splitQuery(rawQuery: string): Map<string, { raw: string; value: string }> {
  const params = new Map<string, { raw: string; value: string }>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(raw);
    } catch {
      throw queryOptionError(`неверная кодировка параметра «${rawName}»`);
    }
    if (params.has(name)) throw queryOptionError(`параметр ${name} указан дважды`);
    params.set(name, { raw, value });
  }
  return params;
}

/** Reads the system query options; `schema` is null for requests without a set (service document). */
export function readQueryOptions(params: Map<string, { raw: string; value: string }>, schema: EntitySchema | null): QueryOptions {
  for (const name of params.keys()) {
    if (name.startsWith('$') && !KNOWN_SYSTEM_OPTIONS.has(name)) throw queryOptionError(`параметр ${name} не поддерживается`);
  }
  const filterParam = params.get('$filter');
  const filterIgnored = filterParam !== undefined && filterParam.raw.includes('+');
  const inlineCount = params.get('$inlinecount')?.value;
  if (inlineCount !== undefined && inlineCount !== 'allpages' && inlineCount !== 'none') {
    throw queryOptionError(`$inlinecount может быть allpages или none, получено «${inlineCount}»`);
  }
  return {
    format: params.get('$format')?.value ?? null,
    filter: filterParam === undefined || filterIgnored ? null : filterParam.value,
    filterIgnored,
    select: readSelect(params.get('$select')?.value, schema),
    orderBy: readOrderBy(params.get('$orderby')?.value, schema),
    top: readCount('$top', params.get('$top')?.value),
    skip: readCount('$skip', params.get('$skip')?.value) ?? 0,
    inlineCount: inlineCount === 'allpages',
    expand: params.get('$expand')?.value ?? null,
  };
}

function readCount(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,9}$/.test(value.trim())) throw queryOptionError(`${name} должен быть неотрицательным целым числом, получено «${value}»`);
  return Number(value.trim());
}

function readSelect(value: string | undefined, schema: EntitySchema | null): string[] | null {
  if (value === undefined || schema === null) return null;
  const fields = value.split(',').map((field) => field.trim());
  if (fields.includes('*')) return null;
  const selected: string[] = [];
  for (const field of fields) {
    const property = schema.properties.find((p) => p.name === field);
    if (!property && !schema.collections.some((c) => c.name === field))
      throw queryOptionError(`в $select нет свойства «${field}» у ${schema.set}`);
    if (!selected.includes(field)) selected.push(field);
    // A composite field comes with its type, which is what makes its value meaningful (inferred from 1C).
    if (property?.composite && !selected.includes(`${field}_Type`)) selected.push(`${field}_Type`);
  }
  return selected;
}

function readOrderBy(value: string | undefined, schema: EntitySchema | null): OrderKey[] {
  if (value === undefined || schema === null) return [];
  return value.split(',').map((part) => {
    const match = /^\s*([\p{L}_][\p{L}\p{N}_]*)(?:\s+(asc|desc))?\s*$/u.exec(part);
    if (!match) throw queryOptionError(`неверный $orderby «${part.trim()}»`);
    const field = match[1] ?? '';
    const property = schema.properties.find((p) => p.name === field);
    if (!property) throw queryOptionError(`в $orderby нет свойства «${field}» у ${schema.set}`);
    if (property.composite) throw queryOptionError(`по составному полю ${field} нельзя упорядочивать`);
    return { field, descending: match[2] === 'desc' };
  });
}
