/**
 * Property-based fuzzing of every HTTP route, on SQLite and on PostgreSQL: generated path parameters,
 * query strings, bodies and callers, sent over a real socket to a real server with the 1C sync and some
 * synced data. Whatever a client sends, the answer comes within REQUEST_TIMEOUT_MS, is never a 5xx, and
 * an error is JSON with a `detail`.
 *
 * The routes are read from the app itself, so a new route is fuzzed without editing this file.
 * Reproduce a failure with the seed it prints: TASKCAST_FUZZ_SEED=<seed> [TASKCAST_FUZZ_PATH=<path>];
 * TASKCAST_FUZZ_RUNS sets the runs per route and method (default 15), TASKCAST_FUZZ_BUDGET_MS the time for
 * all of them on one backend (default 20 s; runs beyond it are skipped), e.g. for a long hunt:
 * TASKCAST_FUZZ_RUNS=500 TASKCAST_FUZZ_BUDGET_MS=300000.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncTestServer } from '../support/syncServer.js';
import { bankRecord, batchOf, contractorRecord, runningTask } from '../store/conformance/syncFixtures.js';
import { BACKENDS, startBackendServer } from './support/backends.js';
import { bodies, pathParam, queries, type GeneratedBody, type KnownValues } from './support/hostileInput.js';
import { registeredRoutes, type RegisteredRoute } from './support/routes.js';

const SEED = process.env.TASKCAST_FUZZ_SEED ? Number(process.env.TASKCAST_FUZZ_SEED) : Date.now() % 2 ** 31;
const PATH = process.env.TASKCAST_FUZZ_PATH;
/** Only this route, e.g. `PATCH /api/v1/categories/:id` (with a PATH: replays one counterexample). */
const ONLY = process.env.TASKCAST_FUZZ_ONLY;
const RUNS_PER_ROUTE = Number(process.env.TASKCAST_FUZZ_RUNS ?? 15);
/** Longest a single answer may take; a handler that waits on something forever fails the test. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Time for all the runs of one backend (runs left over when it is spent are skipped, not failed). */
const FUZZ_BUDGET_MS = Number(process.env.TASKCAST_FUZZ_BUDGET_MS ?? 20_000);

type Caller = 'admin' | 'manager' | 'user' | 'none' | 'forged';

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  caller: Caller;
  body: GeneratedBody;
}

/** Stored data and ids that exist, so that generated requests also reach rows, not only validation. */
async function seed(s: SyncTestServer): Promise<KnownValues> {
  // Written through the store as a sync's batches would be (the syncs themselves have their own tests).
  const task = await runningTask(s.storage);
  const counterparties = [contractorRecord(), contractorRecord({ person_type: 'individual' })];
  await s.storage.sync.commitContractorBatch(batchOf(task, 2), counterparties);
  const category = (await s.storage.sync.listCategories())[0]!.id;
  const payments = [
    bankRecord({
      counterparty_ref: counterparties[0]!.ref,
      counterparty_type: 'Catalog_Контрагенты',
      counterparty_name: counterparties[0]!.name,
    }),
    bankRecord({ direction: 'out', date: '2025-01-20', category_id: category }),
    bankRecord({ purpose: 'Аренда офиса, без НДС', amount_kopecks: 2 ** 40 }),
  ];
  await s.storage.sync.commitBankBatch(batchOf(task, 5), payments, task.task_id);
  const sync = s.storage.sync;
  const categories = (await sync.listCategories()).map((c) => String(c.id));
  const rules = (await sync.listRules()).map((r) => String(r.id));
  const transactions = (await sync.listBankTransactions({ limit: 5, offset: 0 })).items.map((t) => t.ref);
  const contractors = (await sync.listContractors({ limit: 5, offset: 0 })).items.map((c) => c.ref);
  const tasks = (await s.engine.listTasks({ limit: 5, offset: 0 })).tasks.map((t) => t.task_id);
  expect(categories.length && rules.length && transactions.length && contractors.length && tasks.length).toBeTruthy();
  return {
    params: { id: [...categories.slice(0, 3), ...rules.slice(0, 3)], task_id: tasks, ref: [...transactions, randomUUID()] },
    query: {
      search: ['ООО', 'а', '7'],
      category: [...categories.slice(0, 3), 'none'],
      limit: ['1', '50', '500'],
      offset: ['0', '3'],
      date_from: ['2024-01-01', '2025-01-15'],
      date_to: ['2025-01-31', '2025-12-31'],
      direction: ['in', 'out'],
      status: ['completed', 'pending', 'failed'],
      task_type: ['sync_bank_transactions', 'sync_contractors'],
      max_age_hours: ['24', '0.5', '0'],
    },
    body: {
      username: ['admin', 'user', 'fuzz.user'],
      password: [s.admin.password, 'another password'],
      role: ['user', 'manager', 'admin'],
      name: ['Fuzz', 'Аренда'],
      direction: ['in', 'out', 'any', null],
      category_id: [...categories.slice(0, 3).map(Number), null],
      priority: [0, 5, 1_000_000],
      operation_kinds: [['Оплата поставщику'], null],
      keywords: [['аренда', 'связь'], null],
      counterparty_ref: [...contractors.slice(0, 1), ...contractors.slice(0, 1).map((r) => r.toUpperCase()), null],
      date_from: ['2025-01-01', '2025-01-20'],
      date_to: ['2025-01-10', '2025-01-31'],
      auto_classify: [true, false],
    },
  };
}

/** The request for a route: its path with generated parameters, a query, a caller and a body. */
function requests(route: RegisteredRoute, method: string, known: KnownValues): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.constant(method),
    path: fc
      .tuple(...route.params.map((p) => pathParam(known, p)))
      .map((values) => route.params.reduce((url, p, i) => url.replace(`:${p}`, values[i]!), route.url)),
    query: queries(known),
    caller: fc.constantFrom<Caller>('admin', 'admin', 'admin', 'manager', 'user', 'none', 'forged'),
    body: method === 'GET' || method === 'HEAD' ? fc.constant<GeneratedBody>({ kind: 'none' }) : bodies(known),
  });
}

/** Sends a request over HTTP; a missing answer within REQUEST_TIMEOUT_MS is a failure. */
async function send(s: SyncTestServer, r: FuzzRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (r.caller === 'forged') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJpZCI6MX0.';
  else if (r.caller !== 'none') headers.authorization = `Bearer ${s[r.caller].token}`;
  let body: string | undefined;
  if (r.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(r.body.value) ?? 'null';
  } else if (r.body.kind === 'raw') {
    if (r.body.contentType) headers['content-type'] = r.body.contentType;
    body = r.body.text;
  }
  const url = `${s.url}${r.path}${r.query ? `?${r.query}` : ''}`;
  try {
    const res = await fetch(url, { method: r.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    throw new Error(`no answer to ${describe_(r)}: ${String(err)}`);
  }
}

/** The request in one line, long values cut (a failure report stays readable). */
function describe_(r: FuzzRequest): string {
  const cut = (t: string) => (t.length > 300 ? `${t.slice(0, 300)}…(${t.length} chars)` : t);
  return `${r.method} ${cut(r.path)}${r.query ? `?${cut(r.query)}` : ''} as ${r.caller} with ${cut(JSON.stringify(r.body))}`;
}

/** Never a 5xx; an error is JSON with a non-empty `detail` (HEAD answers carry no body). */
function checkAnswer(r: FuzzRequest, res: { status: number; text: string }): void {
  const what = `${describe_(r)} → ${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 500) throw new Error(`server error: ${what}`);
  if (res.status < 400 || r.method === 'HEAD') return;
  let detail: unknown;
  try {
    detail = (JSON.parse(res.text) as { detail?: unknown }).detail;
  } catch {
    throw new Error(`error answer is not JSON: ${what}`);
  }
  if (typeof detail !== 'string' || detail === '') throw new Error(`error answer without detail: ${what}`);
}

for (const backend of BACKENDS) {
  describe.runIf(backend.run)(`every route under generated input (${backend.name})`, () => {
    let s: SyncTestServer;
    let known: KnownValues;

    beforeAll(async () => {
      s = await startBackendServer(backend);
      known = await seed(s);
    }, 60_000);

    afterAll(async () => {
      await s?.close();
    });

    it(
      'answers in time, never 5xx, errors as {detail}',
      async () => {
        const routes = registeredRoutes(s.app);
        const pairs = routes.flatMap((route) => route.methods.map((method) => ({ route, method })));
        expect(pairs.length).toBeGreaterThan(15);
        const deadline = Date.now() + FUZZ_BUDGET_MS;
        const statuses = new Map<string, Set<number>>();
        for (const [i, { route, method }] of pairs.entries()) {
          if (ONLY && ONLY !== `${method} ${route.url}`) continue;
          const seen = new Set<number>();
          statuses.set(`${method} ${route.url}`, seen);
          const timeLimit = Math.max(200, (deadline - Date.now()) / (pairs.length - i));
          const arbitrary = requests(route, method, known);
          const check = async (r: FuzzRequest) => {
            const res = await send(s, r);
            seen.add(res.status);
            checkAnswer(r, res);
          };
          let endedEarly = false;
          await fc.assert(fc.asyncProperty(arbitrary, check), {
            seed: SEED + i,
            ...(PATH ? { path: PATH } : {}),
            numRuns: RUNS_PER_ROUTE,
            interruptAfterTimeLimit: timeLimit,
            markInterruptAsFailure: false,
            reporter: (out) => {
              if (!out.failed) return;
              // The time limit ended the first run before it answered (fast-check counts that a failure): on a
              // loaded machine a slow route's request may take longer than its share of the budget.
              if (out.interrupted && out.counterexample === null) return void (endedEarly = true);
              throw new Error(
                `${method} ${route.url} failed after ${out.numRuns} runs (shrunk ${out.numShrinks} times): ${String(out.errorInstance)}\n` +
                  `Reproduce: TASKCAST_FUZZ_SEED=${SEED} TASKCAST_FUZZ_ONLY='${method} ${route.url}' TASKCAST_FUZZ_PATH=${out.counterexamplePath ?? ''}`,
              );
            },
          });
          // Then the route gets one request without a time limit but that of the answer (REQUEST_TIMEOUT_MS).
          if (endedEarly) await check(fc.sample(arbitrary, { seed: SEED + i, numRuns: 1 })[0]!);
        }
        // Every route was reached, and the server is still healthy.
        if (!ONLY) expect([...statuses].filter(([, seen]) => seen.size === 0).map(([k]) => k)).toEqual([]);
        expect((await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).status).toBe(200);
      },
      FUZZ_BUDGET_MS + 100_000,
    );
  });
}
