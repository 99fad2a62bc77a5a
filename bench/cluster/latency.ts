/**
 * (1) Fan-out latency: one bench_progress task on a worker, `clients` WebSocket clients following it on a
 * serve node (another process); per update and client, the time from the handler's `progress()` call (its
 * wall-clock send time travels in the message) to the client's receipt. The path: coalescing timer →
 * progress write in PostgreSQL → bus → serve node → every socket. With a memory probe, also the serve node's
 * memory (after a GC) before the clients connect and once they all follow the task, idle, waiting for the go.
 */
import WebSocket from 'ws';
import type { TaskEngine } from '../../src/engine/index.js';
import type { Cluster, ServeNode } from '../../test/cluster/cluster.js';
import { percentile, wallMs } from '../engine/percentiles.js';
import { GO_CHANNEL, READY_MESSAGE, sentAtIn, type ProgressPayload } from './benchTypes.js';
import { openRawWebSocket } from './rawClient.js';

/** What (1) measures. */
export interface FanOutFigures {
  clients: number;
  updates: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Fewest timed updates one client received (coalescing may merge updates that come close together). */
  minReceived: number;
  /** Most timed updates one client received (more than `updates` would be a duplicate). */
  maxReceived: number;
  /** The serve node's CPU time (user + system) from the go to the last client's completion, ms, when read. */
  serveCpuMs: number | null;
  /** This process's CPU time (the clients': user + system) over the same span, ms. */
  clientCpuMs: number;
  /** The serve node's write system calls (write, writev…: /proc/<pid>/io syscw) over the same span, when read. */
  serveWriteCalls: number | null;
  /**
   * Per update, over the updates: the median latency of its first receipt (the path to the serve node and its first
   * socket: coalescing, the database, the bus) and of its last (that plus the whole burst to every socket), ms.
   */
  firstReceiptMs: number;
  lastReceiptMs: number;
  /** The serve node's memory before the clients connected and with all of them idle, when probed. */
  memory: { before: ServeMemory; idle: ServeMemory } | null;
}

/** A serve node's memory after a GC, bytes. */
export interface ServeMemory {
  rss: number;
  heap: number;
}

const COMPLETED = Buffer.from('"status":"completed"');
const FAILED = Buffer.from('"status":"failed"');
const CANCELLED = Buffer.from('"status":"cancelled"');
const READY = Buffer.from(`"message":"${READY_MESSAGE}"`);

/** Which client the benchmark's followers are: the bare one (rawClient.ts, the default) or `ws`'s. */
export type ClientKind = 'raw' | 'ws';

/** One update's fastest and slowest receipt, ms after its progress() call. */
interface Burst {
  first: number;
  last: number;
}

/** A client the benchmark follows the task with. */
interface Client {
  close(): void;
  ready: Promise<void>;
  done: Promise<void>;
  received: () => number;
}

/** One client: counts what it received, records latencies, resolves `ready` and `done`. */
async function openClient(url: string, samples: number[], kind: ClientKind, bursts: Map<number, Burst>): Promise<Client> {
  let received = 0;
  let onReady!: () => void;
  let onDone!: () => void;
  let fail!: (err: Error) => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = new Promise<void>((resolve, reject) => {
    onDone = resolve;
    fail = reject;
  });
  let finished = false;
  // Read from the bytes, not a decoded string: the clients share the cores with the system they measure.
  const message = (raw: Buffer) => {
    const now = wallMs();
    // The final update repeats the last progress message but is sent when the handler returns: not a sample.
    if (raw.includes(COMPLETED)) {
      finished = true;
      return onDone();
    }
    if (raw.includes(FAILED) || raw.includes(CANCELLED)) return fail(new Error(`bench_progress ended: ${raw.toString()}`));
    const sentAt = sentAtIn(raw);
    if (sentAt !== null) {
      const latency = now - sentAt;
      samples.push(latency);
      const burst = bursts.get(sentAt);
      if (!burst) bursts.set(sentAt, { first: latency, last: latency });
      else if (latency > burst.last) burst.last = latency;
      else if (latency < burst.first) burst.first = latency;
      received++;
    } else if (raw.includes(READY)) onReady();
  };
  const closed = (reason: string) => {
    if (!finished) fail(new Error(`socket closed before the task completed: ${reason}`));
  };
  if (kind === 'raw') {
    const socket = await openRawWebSocket(url, { text: message, closed });
    return { close: () => socket.close(), ready, done, received: () => received };
  }
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (data) => message(data as Buffer));
  ws.on('close', (code) => closed(`close ${code}`));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { close: () => ws.close(), ready, done, received: () => received };
}

/** Runs (1) once. */
export async function measureFanOut(
  cluster: Cluster,
  enqueuer: TaskEngine,
  node: ServeNode,
  token: string,
  options: {
    clients: number;
    updates: number;
    intervalMs: number;
    /** The followers' client (default the bare one). */
    client?: ClientKind;
    probeMemory?: () => Promise<ServeMemory>;
    /** The serve node's CPU time so far, ms. */
    serveCpuMs?: () => number;
    /** The serve node's write system calls so far. */
    serveWriteCalls?: () => number;
  },
): Promise<FanOutFigures> {
  const payload: ProgressPayload = { updates: options.updates, intervalMs: options.intervalMs };
  const task = await enqueuer.enqueue('bench_progress', { payload: payload as never, total: options.updates });
  const url = `${node.wsUrl}/api/v1/ws/tasks/${task.task_id}?token=${encodeURIComponent(token)}`;
  const samples: number[] = [];
  const bursts = new Map<number, Burst>();
  const clients: Client[] = [];
  const before = await options.probeMemory?.();
  for (let i = 0; i < options.clients; i += 100) {
    clients.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, options.clients - i) }, () => openClient(url, samples, options.client ?? 'raw', bursts)),
      )),
    );
  }
  // Every client follows the task and the task listens for the go: start the updates.
  await Promise.all(clients.map((c) => c.ready));
  const idle = await options.probeMemory?.();
  const cpuBefore = options.serveCpuMs?.();
  const clientCpu = process.cpuUsage();
  const writesBefore = options.serveWriteCalls?.();
  await cluster.sql.query('SELECT pg_notify($1, $2)', [GO_CHANNEL, task.task_id]);
  await Promise.all(clients.map((c) => c.done));
  const cpuAfter = options.serveCpuMs?.();
  const clientCpuUsed = process.cpuUsage(clientCpu);
  const writesAfter = options.serveWriteCalls?.();
  for (const c of clients) c.close();
  return {
    clients: options.clients,
    updates: options.updates,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    p99Ms: percentile(samples, 99),
    maxMs: samples.reduce((a, b) => Math.max(a, b), 0),
    firstReceiptMs: percentile(
      [...bursts.values()].map((b) => b.first),
      50,
    ),
    lastReceiptMs: percentile(
      [...bursts.values()].map((b) => b.last),
      50,
    ),
    minReceived: clients.reduce((min, c) => Math.min(min, c.received()), Infinity),
    maxReceived: clients.reduce((max, c) => Math.max(max, c.received()), 0),
    serveCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : null,
    clientCpuMs: (clientCpuUsed.user + clientCpuUsed.system) / 1000,
    serveWriteCalls: writesBefore !== undefined && writesAfter !== undefined ? writesAfter - writesBefore : null,
    memory: before && idle ? { before, idle } : null,
  };
}
