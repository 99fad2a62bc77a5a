/**
 * The payloads of the sync task types, checked where they are stored ahead of their tasks: a schedule's, when it is
 * saved and at each tick (after its relative period became dates). The start routes check the same rules.
 */
import { z } from 'zod';
import type { Json } from '../engine/index.js';
import { RELATIVE_PERIODS } from '../schedules/index.js';
import { daysInclusive, isoDay } from './routes/dates.js';

/** The longest period one bank sync may cover: five years (1,827 days with leap days). */
export const MAX_SYNC_DAYS = 1827;

/** The fields of a bank sync's payload. */
export const bankSyncFields = {
  date_from: isoDay,
  date_to: isoDay,
  auto_classify: z.boolean({ error: 'must be true or false' }).default(true),
};

/** What is wrong with a period, naming the field (`date_from: must not be after date_to`), or null. */
export function periodProblem(dateFrom: string, dateTo: string): string | null {
  if (dateFrom > dateTo) return 'date_from: must not be after date_to';
  if (daysInclusive(dateFrom, dateTo) > MAX_SYNC_DAYS) return `date_to: the period must not be longer than ${MAX_SYNC_DAYS} days`;
  return null;
}

/** Throws an Error naming the first wrong field of `payload` against `schema`. */
function parseOrThrow<S extends z.ZodType>(schema: S, payload: Json): z.infer<S> {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    throw new Error(`unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
  throw new Error(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
}

/** A bank sync's payload: real dates in order, at most MAX_SYNC_DAYS, and `auto_classify` (default true). */
export function checkBankSyncPayload(payload: Json): void {
  // A relative period is resolved into dates before the check (payloadAt): one still here is not a known one.
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && 'period' in payload) {
    throw new Error(`period: must be one of ${RELATIVE_PERIODS.join(', ')}`);
  }
  const body = parseOrThrow(z.strictObject(bankSyncFields), payload);
  const problem = periodProblem(body.date_from, body.date_to);
  if (problem) throw new Error(problem);
}

/**
 * What the task list and page show of a bank sync's payload: its period and whether it classifies
 * (`auto_classify` as the handler reads it: true unless false). Throws on a payload without a period.
 */
export function bankSyncParams(payload: Json): Record<string, Json> {
  const body = z.object(bankSyncFields).parse(payload);
  return { date_from: body.date_from, date_to: body.date_to, auto_classify: body.auto_classify };
}

/** A counterparties sync takes no parameters: `{}` or null. */
export function checkContractorsPayload(payload: Json): void {
  parseOrThrow(z.strictObject({}), payload);
}
