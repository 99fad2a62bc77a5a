/**
 * One process of `npm run bench:ratelimit` (main.ts runs several): the servers under test and the client, in this
 * process. Servers each on its own SQLite file with one task: `off` (createTaskcast `rateLimit: false`), `memory` (the
 * default limit, its buckets in memory; the default burst of 100 with a rate so high nothing is refused, so every
 * request takes the full path: a token taken, the headers set) and, when Redis answers at BENCH_REDIS_URL (default
 * redis://127.0.0.1:6379), `redis` (the buckets shared in Redis: at this client's rate a node leases half the burst,
 * 50 tokens, one script call per 50 requests, asked for in the background when half is left), and `off-again`, a
 * second server without the limit: the control. The servers are created in the order rotated by
 * BENCH_RATELIMIT_FIRST (the first created was measured a few per cent faster than its identical twin, so main.ts
 * gives each variant its turn at being first). One client
 * (node:http; BENCH_CLIENT=fetch for fetch) sends the requests one after another over a kept-alive connection. The
 * variants take turns of BENCH_BLOCK requests (the order rotated), BENCH_ROUNDS rounds of BENCH_REQUESTS requests each
 * after a warm-up. Prints one JSON line: each variant's p50 and p90 per round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createTaskcast, defineTaskType, openSqlite, RedisRateBuckets, taskcastPlugin, type RateLimitOptions } from '../../src/index.js';
import { percentile } from '../engine/percentiles.js';
import { positiveInt } from '../engine/positiveInt.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

const ROUNDS = positiveInt('BENCH_ROUNDS', 5);
const FIRST = Number(process.env.BENCH_RATELIMIT_FIRST ?? 0);
const REQUESTS = positiveInt('BENCH_REQUESTS', 1_000);
const WARMUP = 500;
/**
 * Requests a variant sends in one turn: the variants take turns every BENCH_BLOCK (100) requests, so a drift of the
 * machine within a round (another process, a collection) falls on all of them alike. A block holds two Redis leases,
 * and a refill's reply comes within a request or two, so it rarely lands in another variant's turn. Before session 12
 * a turn was a whole round.
 */
const BLOCK = positiveInt('BENCH_BLOCK', 100);
/**
 * The client: node:http (default), or `fetch` (BENCH_CLIENT=fetch, the client before session 10). The client runs in
 * this process and its time is in every latency: node:http's is the lighter (p50 0.34 against 0.52 ms for `off`
 * here), so the server's part, the limit's cost included, is a larger share of what is measured.
 */
const CLIENT = process.env.BENCH_CLIENT === 'fetch' ? 'fetch' : 'http';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A rate no request stream here reaches, so nothing is refused… */
const HUGE = 1e9;
/** …with the default burst, which bounds how many tokens a node leases from Redis at once (half: 50). */
const BURST = 100;

/** One server under test: its URL, a token and the id of its task, and how to stop it. */
interface Variant {
  name: string;
  url: string;
  token: string;
  taskId: string;
  close(): Promise<void>;
}

async function startVariant(name: string, rateLimit: RateLimitOptions | false): Promise<Variant> {
  const dir = mkdtempSync(join(tmpdir(), `taskcast-bench-rate-${name}-`));
  const storage = openSqlite({ file: join(dir, 'taskcast.db') });
  const app: FastifyInstance = Fastify({ logger: false });
  const taskcast = createTaskcast({ storage, runTasks: false, rateLimit, auth: { jwtSecret: 'b'.repeat(40) } }).use(
    defineTaskType({ type: 'bench', handler: () => null }),
  );
  await app.register(taskcastPlugin, { taskcast });
  await taskcast.start();
  await taskcast.addUser({ username: 'bench', password: 'bench-password', role: 'user' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
  });
  const { access_token: token, user } = (await login.json()) as { access_token: string; user: { id: number } };
  const task = await taskcast.engine.enqueue('bench', { user_id: user.id });
  return {
    name,
    url,
    token,
    taskId: task.task_id,
    async close() {
      await app.close();
      await taskcast.close();
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One kept-alive connection per variant (node:http's client: llhttp parses the headers, no per-header objects). */
const agents = new Map<string, http.Agent>();

/** GET `url` over the variant's connection; resolves with the status once the whole body has arrived. */
function httpGet(v: Variant, url: string, headers: Record<string, string>): Promise<number> {
  let agent = agents.get(v.name);
  if (!agent) agents.set(v.name, (agent = new http.Agent({ keepAlive: true, maxSockets: 1 })));
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Latencies of `count` GETs of the variant's task, one after another, ms. */
async function measure(v: Variant, count: number): Promise<number[]> {
  const latencies: number[] = [];
  const url = `${v.url}/api/v1/tasks/${v.taskId}`;
  const headers = { authorization: `Bearer ${v.token}` };
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    let status: number;
    if (CLIENT === 'fetch') {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      status = res.status;
    } else {
      status = await httpGet(v, url, headers);
    }
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`${v.name}: GET answered ${status}`);
  }
  return latencies;
}

async function redisAnswers(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const redisBuckets = (await redisAnswers()) ? new RedisRateBuckets(REDIS_URL, `bench-${process.pid}`) : null;
if (!redisBuckets) log(`Redis does not answer at ${REDIS_URL}: the redis variant is left out`);
const created = [
  ['off', false],
  // The control: a second server without the limit. Its ratio to `off` is the benchmark's own bias, the floor under
  // which the others' ratios mean nothing.
  ['off-again', false],
  ['memory', { perSecond: HUGE, burst: BURST }],
  ...(redisBuckets ? [['redis', { perSecond: HUGE, burst: BURST, buckets: redisBuckets }]] : []),
] as [string, RateLimitOptions | false][];
const variants: Variant[] = [];
for (let i = 0; i < created.length; i++) variants.push(await startVariant(...created[(i + FIRST) % created.length]!));
const limited = variants.find((v) => v.name === 'memory')!;
const limitHeader = (
  await fetch(`${limited.url}/api/v1/tasks/${limited.taskId}`, { headers: { authorization: `Bearer ${limited.token}` } })
).headers.get('ratelimit');
if (!limitHeader) throw new Error('the memory variant sends no RateLimit header: the limit is not on');

for (const v of variants) await measure(v, WARMUP);
const rounds: Record<string, { p50: number; p90: number }>[] = [];
log(
  `load average ${loadavg()[0]!.toFixed(2)}; created first: ${variants[0]!.name}; ${ROUNDS} rounds of ${REQUESTS} GETs per variant in turns of ${BLOCK}; client ${CLIENT}`,
);
for (let round = 0; round < ROUNDS; round++) {
  const latencies = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let block = 0; block * BLOCK < REQUESTS; block++) {
    const turn = round * Math.ceil(REQUESTS / BLOCK) + block;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(i + turn) % variants.length]!;
      latencies.get(v.name)!.push(...(await measure(v, Math.min(BLOCK, REQUESTS - block * BLOCK))));
    }
  }
  const figures: Record<string, { p50: number; p90: number }> = {};
  for (const [name, l] of latencies) figures[name] = { p50: percentile(l, 50), p90: percentile(l, 90) };
  rounds.push(figures);
  log(`round ${round + 1}: ${variants.map((v) => `${v.name} p50 ${figures[v.name]!.p50.toFixed(3)} ms`).join(', ')}`);
}
console.log(JSON.stringify({ first: variants[0]!.name, rounds }));
for (const agent of agents.values()) agent.destroy();
for (const v of variants) await v.close();
await redisBuckets?.close();
