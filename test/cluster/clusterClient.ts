/**
 * What a client of a cluster does in the scale-out tests: start a sync over HTTP, follow a task over a
 * WebSocket on some node, and read what the simulator holds and what the database stored.
 */
import { andFilters, BANK_DOCUMENT_SETS, dateRangeFilter, ODataClient } from '../../src/onec/index.js';
import type { Task } from '../../src/engine/index.js';
import { isFinalStatus } from '../../src/engine/index.js';
import { openSocket, type SocketMessage, type TestSocket } from '../support/sockets.js';
import type { Cluster, ServeNode } from './cluster.js';

/** The period every cluster sync covers (the simulator generates documents for it). */
export const PERIOD = { date_from: '2025-01-01', date_to: '2025-06-30' } as const;

/** A JSON request to a node with the admin token; rejects on an unexpected status. */
export async function call<T = unknown>(
  node: ServeNode,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expectStatus = 200,
): Promise<T> {
  const res = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expectStatus) throw new Error(`${method} ${path} on ${node.name}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Starts a bank sync of {@link PERIOD} on `node`; returns the task id. */
export async function startBankSync(node: ServeNode, token: string): Promise<string> {
  const res = await call<{ task_id: string }>(node, token, 'POST', '/api/v1/sync-1c/bank-transactions/sync-async', PERIOD, 202);
  return res.task_id;
}

/** A socket on `node` following one task (from `since` when given). */
export function follow(node: ServeNode, token: string, taskId: string, since?: number): Promise<TestSocket> {
  const query = `token=${encodeURIComponent(token)}${since === undefined ? '' : `&since=${since}`}`;
  return openSocket(`${node.wsUrl}/api/v1/ws/tasks/${taskId}?${query}`);
}

/** The task of a `task_update` message. */
export function taskOf(m: SocketMessage): Task {
  if (m.type !== 'task_update') throw new Error(`not a task update: ${JSON.stringify(m)}`);
  return m.task as Task;
}

/** Reads updates until the task is final; returns every task update read (the final one last; log messages left out). */
export async function untilFinal(socket: TestSocket): Promise<Task[]> {
  const read = await socket.inbox.until((m) => m.type === 'task_update' && isFinalStatus(taskOf(m).status));
  return read.filter((m) => m.type === 'task_update').map(taskOf);
}

/** Reads updates until one satisfies `predicate`; returns that one. */
export async function until(socket: TestSocket, predicate: (t: Task) => boolean): Promise<Task> {
  const read = await socket.inbox.until((m) => m.type === 'task_update' && predicate(taskOf(m)));
  return taskOf(read.at(-1)!);
}

/** Refs of the documents the simulator holds for {@link PERIOD}, without deletion-marked ones (what a sync stores). */
export async function simulatorRefs(cluster: Cluster): Promise<Set<string>> {
  return simulatorRefsAt(cluster.simulatorUrl!);
}

/** Refs of the non-deleted documents of {@link PERIOD} that the simulator at `url` holds. */
export async function simulatorRefsAt(url: string): Promise<Set<string>> {
  const client = new ODataClient({ url, user: '', password: '' });
  const filter = andFilters(dateRangeFilter(PERIOD.date_from, PERIOD.date_to), 'DeletionMark eq false')!;
  const refs = new Set<string>();
  for (const set of BANK_DOCUMENT_SETS) {
    for await (const record of client.iterateEntities(set, { filter, select: ['Ref_Key'] })) refs.add(String(record.Ref_Key));
  }
  return refs;
}

/** What the database holds of the bank transactions: row count and the refs. */
export async function storedTransactions(cluster: Cluster): Promise<{ rows: number; refs: Set<string> }> {
  const { rows } = await cluster.sql.query<{ ref: string }>('SELECT ref FROM bank_transactions');
  return { rows: rows.length, refs: new Set(rows.map((r) => r.ref)) };
}

/** The stored fields of a task that the tests look at. */
export interface StoredTask {
  status: Task['status'];
  attempt: number;
  max_attempts: number;
  processed: number;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  checkpoint: unknown;
  cancel_requested: boolean;
}

/** A task's row with the engine-only fields (lease owner, checkpoint), read from the database. */
export async function taskRow(cluster: Cluster, taskId: string): Promise<StoredTask> {
  const { rows } = await cluster.sql.query<StoredTask>(
    `SELECT status, attempt, max_attempts, processed::int AS processed, error, lease_owner, lease_expires_at, checkpoint, cancel_requested
     FROM tasks WHERE task_id = $1`,
    [taskId],
  );
  if (!rows[0]) throw new Error(`task ${taskId} is not in the database`);
  return rows[0];
}

/** Resolves with the close code of a client socket once the server closed it. */
export function closeCode(socket: TestSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.ws.readyState === socket.ws.CLOSED) resolve(-1);
    socket.ws.once('close', (code: number) => resolve(code));
  });
}

/** Merges fault settings into the simulator's (its admin API). */
export async function setSimulatorFaults(cluster: Cluster, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${cluster.simulatorAdminUrl}faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (res.status !== 200) throw new Error(`simulator faults: HTTP ${res.status} ${await res.text()}`);
}

/** How many faults of each kind the simulator has injected so far. */
export async function simulatorFaultCounts(cluster: Cluster): Promise<Record<string, number>> {
  const res = await fetch(`${cluster.simulatorAdminUrl}stats`);
  return ((await res.json()) as { faultsInjected: Record<string, number> }).faultsInjected;
}

/** Every stored bank transaction, in ref order (to compare before and after a write that must change nothing). */
export async function transactionsSnapshot(cluster: Cluster): Promise<unknown[]> {
  return (await cluster.sql.query('SELECT * FROM bank_transactions ORDER BY ref')).rows;
}

/**
 * Resolves once `condition` holds, checking every 20 ms: for state of another process that announces no
 * event (the simulator's fault counters). Rejects after `timeoutMs`.
 */
export async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
