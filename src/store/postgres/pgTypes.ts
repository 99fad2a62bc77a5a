import pg from 'pg';

const parseTimestamptzDefault = pg.types.getTypeParser(1184, 'text');

/**
 * A `timestamptz` as ISO 8601 UTC text ('2026-11-28T21:46:14.123Z'), the form every task and record
 * carries. The connections run with `TimeZone=UTC` and `DateStyle=ISO`, so PostgreSQL sends
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]+00' and the conversion is a few string slices — reading it as a Date
 * and back was a tenth of the CPU of a flood of short tasks. Anything else (another time zone, a year
 * past 9999, infinity) goes through node-postgres's own parser. Microseconds are truncated to
 * milliseconds, as a Date would.
 */
export function timestamptzToIso(v: string): string {
  const n = v.length;
  if (n >= 22 && n <= 29 && v.charCodeAt(10) === 32 && v.endsWith('+00')) {
    // Usually 6 fraction digits: 'YYYY-MM-DD' + 'T' + 'HH:MM:SS.mmm' + 'Z' (as few strings as possible).
    if (n >= 26 && v.charCodeAt(19) === 46) return v.slice(0, 10) + 'T' + v.slice(11, 23) + 'Z';
    if (n === 22) return `${v.slice(0, 10)}T${v.slice(11, 19)}.000Z`;
    if (v.charCodeAt(19) === 46) return `${v.slice(0, 10)}T${v.slice(11, 19)}.${`${v.slice(20, n - 3)}00`.slice(0, 3)}Z`;
  }
  const d = parseTimestamptzDefault(v) as Date | number;
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : v;
}

/**
 * How values come back from PostgreSQL: int8 (counts, seq, kopecks) as JS numbers — every value we keep
 * there stays far below 2^53; DATE as its 'YYYY-MM-DD' text (the default parser makes a Date at local
 * midnight, which shifts the day in UTC); timestamptz as ISO 8601 UTC text ({@link timestamptzToIso}).
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1082) return (v: string) => v;
    if (oid === 1184) return timestamptzToIso;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Session settings every connection starts with (the timestamp parsing above relies on them). */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO,MDY';
