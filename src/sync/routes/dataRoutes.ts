import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  bodyId,
  isIdText,
  MAX_ID,
  NotFoundError,
  parseInput,
  pathId,
  queryInt,
  queryString,
  requireRole,
  ValidationError,
  type ApiContext,
} from '../../api/index.js';
import { isUuid } from '../../engine/index.js';
import { CategoryNameTakenError, type SyncStore } from '../syncStore.js';
import { isoDay } from './dates.js';

const optionalDay = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : Array.isArray(v) ? v[v.length - 1] : v),
  isoDay.optional(),
);

const transactionsQuery = z.object({
  date_from: optionalDay,
  date_to: optionalDay,
  direction: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['in', 'out'], { error: 'must be in or out' }).optional()),
  category: queryString(),
  search: queryString(),
  limit: queryInt(1, 500, 50),
  offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
});

const contractorsQuery = z.object({ search: queryString(), limit: queryInt(1, 500, 50), offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0) });

const categoryBody = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'is too long'),
  direction: z.enum(['in', 'out', 'any'], { error: 'must be in, out or any' }).default('any'),
});

const stringList = z
  .array(z.string().trim().min(1, 'must not be empty').max(200, 'is too long'), { error: 'must be a list of strings' })
  .min(1, 'must not be empty')
  .max(100);

const ruleBody = z.strictObject({
  category_id: bodyId(),
  priority: z.number({ error: 'must be a number' }).int('must be an integer').min(0).max(1_000_000).default(100),
  direction: z.enum(['in', 'out'], { error: 'must be in, out or null' }).nullable().default(null),
  operation_kinds: stringList.nullable().default(null),
  keywords: stringList.nullable().default(null),
  counterparty_ref: z
    .string()
    .refine(isUuid, 'must be a GUID')
    .transform((s) => s.toLowerCase())
    .nullable()
    .default(null),
});

const patchTransactionBody = z.strictObject({
  category_id: bodyId('must be a number or null').nullable(),
});

const idParams = z.object({ id: pathId() });

/** The `:id` of the path; not an id of the database's range: 400 naming `params.id`. */
const pathIdOf = (params: unknown): number => parseInput(idParams, params, 'params').id;

function parseCategory(value: string | undefined): number | 'none' | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return 'none';
  if (isIdText(value)) return Number(value);
  throw new ValidationError(`query.category: must be a category id (1 to ${MAX_ID}) or "none"`);
}

async function requireCategory(store: SyncStore, id: number | null, field: string): Promise<void> {
  if (id === null) return;
  if (!(await store.listCategories()).some((c) => c.id === id)) throw new ValidationError(`${field}: no category with id ${id}`);
}

/** The data API over the synced 1C data, and the classification settings. */
export function dataRoutes(app: FastifyInstance, _ctx: ApiContext, store: SyncStore): void {
  app.get('/api/v1/bank-transactions', async (request) => {
    const q = parseInput(transactionsQuery, request.query, 'query');
    if (q.date_from && q.date_to && q.date_from > q.date_to) throw new ValidationError('query.date_from: must not be after date_to');
    return store.listBankTransactions({ ...q, category: parseCategory(q.category) });
  });

  app.get('/api/v1/bank-transactions/summary', async (request) => {
    const q = parseInput(transactionsQuery, request.query, 'query');
    if (q.date_from && q.date_to && q.date_from > q.date_to) throw new ValidationError('query.date_from: must not be after date_to');
    const { limit: _l, offset: _o, ...filters } = q;
    return store.summarizeBankTransactions({ ...filters, category: parseCategory(q.category) });
  });

  app.patch<{ Params: { ref: string } }>('/api/v1/bank-transactions/:ref', async (request) => {
    requireRole(request.caller, 'admin', 'manager');
    if (!isUuid(request.params.ref)) throw new NotFoundError('Transaction not found');
    const body = parseInput(patchTransactionBody, request.body, 'body');
    await requireCategory(store, body.category_id, 'body.category_id');
    const row = await store.setTransactionCategory(request.params.ref.toLowerCase(), body.category_id);
    if (!row) throw new NotFoundError('Transaction not found');
    return row;
  });

  app.get('/api/v1/contractors', async (request) => store.listContractors(parseInput(contractorsQuery, request.query, 'query')));

  app.get('/api/v1/categories', async () => ({ items: await store.listCategories() }));

  app.post('/api/v1/categories', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const body = parseInput(categoryBody, request.body, 'body');
    try {
      return reply.code(201).send(await store.insertCategory(body));
    } catch (err) {
      if (err instanceof CategoryNameTakenError) throw new ValidationError(`body.name: a category "${body.name}" already exists`);
      throw err;
    }
  });

  app.patch('/api/v1/categories/:id', async (request) => {
    requireRole(request.caller, 'admin');
    const id = pathIdOf(request.params);
    const body = parseInput(categoryBody.partial(), request.body, 'body');
    try {
      const row = await store.updateCategory(id, body);
      if (!row) throw new NotFoundError('Category not found');
      return row;
    } catch (err) {
      if (err instanceof CategoryNameTakenError) throw new ValidationError(`body.name: a category "${body.name}" already exists`);
      throw err;
    }
  });

  app.delete('/api/v1/categories/:id', async (request, reply) => {
    requireRole(request.caller, 'admin');
    if (!(await store.deleteCategory(pathIdOf(request.params)))) throw new NotFoundError('Category not found');
    return reply.code(204).send();
  });

  app.get('/api/v1/classification-rules', async () => ({ items: await store.listRules() }));

  app.post('/api/v1/classification-rules', async (request, reply) => {
    requireRole(request.caller, 'admin');
    const body = parseInput(ruleBody, request.body, 'body');
    await requireCategory(store, body.category_id, 'body.category_id');
    return reply.code(201).send(await store.insertRule(body));
  });

  app.patch('/api/v1/classification-rules/:id', async (request) => {
    requireRole(request.caller, 'admin');
    const id = pathIdOf(request.params);
    const body = parseInput(ruleBody.partial(), request.body, 'body');
    if (body.category_id !== undefined) await requireCategory(store, body.category_id, 'body.category_id');
    const row = await store.updateRule(id, body);
    if (!row) throw new NotFoundError('Rule not found');
    return row;
  });

  app.delete('/api/v1/classification-rules/:id', async (request, reply) => {
    requireRole(request.caller, 'admin');
    if (!(await store.deleteRule(pathIdOf(request.params)))) throw new NotFoundError('Rule not found');
    return reply.code(204).send();
  });
}
