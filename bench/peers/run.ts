/**
 * Runs one peer queue on the bench:engine workload in this process and prints its PeerResult as one
 * JSON line on stdout (anything else goes to stderr).
 *
 *   npx tsx bench/peers/run.ts <graphile-worker|pg-boss|bullmq> [--jobs N] [--concurrency N] [--latency-jobs N]
 *
 * Exit codes: 0 success; 1 the run failed; 2 PostgreSQL/Redis unreachable; 64 bad arguments.
 *
 * Services: TASKCAST_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) and
 * TASKCAST_BENCH_REDIS_URL (default redis://127.0.0.1:6379).
 * Tuning experiments (the defaults are the settings reported in `config`): PEER_GW_LOCAL_QUEUE_SIZE,
 * PEER_GW_COMPLETE_JOB_BATCH_DELAY, PEER_GW_FAIL_JOB_BATCH_DELAY, PEER_PGBOSS_BATCH_SIZE,
 * PEER_PGBOSS_POLLING_INTERVAL, PEER_PGBOSS_NOTIFY=0, PEER_BULLMQ_SKIP_STALLED_CHECK=1,
 * PEER_BULLMQ_SKIP_LOCK_RENEWAL=1. PEER_DEBUG=1 prints phase timings to stderr.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServiceUnreachableError } from './common.js';
import { DEFAULT_PEER_OPTIONS, type PeerOptions, type PeerResult } from './types.js';

export const PEERS = ['graphile-worker', 'pg-boss', 'bullmq'] as const;
export type PeerName = (typeof PEERS)[number];

/** Loads the peer's module only when asked for, so one peer's import problems cannot break another. */
export async function runPeer(name: PeerName, opts: PeerOptions): Promise<PeerResult> {
  switch (name) {
    case 'graphile-worker':
      return (await import('./graphileWorker.js')).run(opts);
    case 'pg-boss':
      return (await import('./pgBoss.js')).run(opts);
    case 'bullmq':
      return (await import('./bullmq.js')).run(opts);
  }
}

const USAGE = 'usage: npx tsx bench/peers/run.ts <graphile-worker|pg-boss|bullmq> [--jobs N] [--concurrency N] [--latency-jobs N]';

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { peer: PeerName; opts: PeerOptions } {
  const opts: PeerOptions = { ...DEFAULT_PEER_OPTIONS };
  let peer: PeerName | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.split('=')[0]!;
    const flags: Record<string, 'jobs' | 'concurrency' | 'latencyJobs'> = {
      '--jobs': 'jobs',
      '--concurrency': 'concurrency',
      '--latency-jobs': 'latencyJobs',
    };
    const key = flags[flag];
    if (key) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = Number(raw);
      const min = key === 'latencyJobs' ? 0 : 1;
      if (raw === undefined || !Number.isInteger(n) || n < min) {
        throw new UsageError(`${flag} needs an integer >= ${min}, got ${raw ?? 'nothing'}`);
      }
      opts[key] = n;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (!arg.startsWith('-') && peer === undefined) {
      if (!(PEERS as readonly string[]).includes(arg)) throw new UsageError(`unknown peer ${JSON.stringify(arg)}`);
      peer = arg as PeerName;
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (!peer) throw new UsageError('which peer?');
  return { peer, opts };
}

async function main(): Promise<void> {
  let parsed: { peer: PeerName; opts: PeerOptions };
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exitCode = 64;
    return;
  }
  try {
    const result = await runPeer(parsed.peer, parsed.opts);
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exitCode = 0;
  } catch (err) {
    if (err instanceof ServiceUnreachableError) {
      process.stderr.write(`${parsed.peer}: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${parsed.peer} failed: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) await main();
