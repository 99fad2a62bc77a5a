/**
 * One of the processes of the shared-bucket test (sharedBuckets.test.ts): takes tokens of KEYS buckets, each limited
 * to RATE per second with a bucket of BURST, as fast as the store lets it — one loop per key, retrying when the store
 * says a token is due — from the moment the GO file exists, for DURATION_MS. Writes every grant to OUT as
 * `key sent answered` lines (ms since the epoch, on this machine's clock, which every process shares): the store
 * granted the token somewhere between the two.
 *
 * BACKEND: `api-redis` (RedisRateBuckets, the HTTP limit's), `onec-redis` (RedisRequestBuckets) or `onec-postgres`
 * (the database's RequestBucketStore, SCHEMA on DATABASE_URL).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { openPostgres, RedisRateBuckets, RedisRequestBuckets } from '../../src/store/index.js';

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const [keys, rate, burst, durationMs] = ['KEYS', 'RATE', 'BURST', 'DURATION_MS'].map((n) => Number(env(n))) as [
  number,
  number,
  number,
  number,
];
const backend = env('BACKEND');

/** Takes one token of `key`: 0 when granted, else ms to wait. */
type Take = (key: string) => Promise<number>;
let take: Take;
let close: () => Promise<void>;
if (backend === 'api-redis') {
  const buckets = new RedisRateBuckets(env('REDIS_URL'), env('NAMESPACE'));
  take = async (key) => {
    const t = await buckets.take(key, rate, burst);
    return t.taken ? 0 : t.retryAfterMs;
  };
  close = () => buckets.close();
} else if (backend === 'onec-redis') {
  const buckets = new RedisRequestBuckets(env('REDIS_URL'));
  const ns = env('NAMESPACE');
  take = (key) => buckets.takeRequestToken(`${ns}:${key}`, rate, burst);
  close = () => buckets.close();
} else {
  const storage = openPostgres({ url: env('DATABASE_URL'), schema: env('SCHEMA'), maxConnections: 8 });
  take = (key) => storage.requestBuckets.takeRequestToken(key, rate, burst);
  close = () => storage.close();
}

const now = () => performance.timeOrigin + performance.now();
console.log('hammer ready');
while (!existsSync(env('GO'))) await new Promise((resolve) => setTimeout(resolve, 5));
const until = now() + durationMs;
const grants: string[] = [];
let errors = 0;
let refusals = 0;

async function hammer(key: number): Promise<void> {
  while (now() < until) {
    let wait: number;
    const sent = now();
    try {
      wait = await take(`k${key}`);
    } catch {
      errors++;
      wait = 50;
    }
    if (wait === 0) {
      grants.push(`${key} ${sent.toFixed(1)} ${now().toFixed(1)}`);
      continue;
    }
    refusals++;
    // Ask again when the store says a token is due (at once after a grant: the burst may hold more).
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
  }
}

await Promise.all(Array.from({ length: keys }, (_, key) => hammer(key)));
writeFileSync(env('OUT'), grants.join('\n'));
console.log(`hammer done: ${grants.length} grants, ${refusals} refusals, ${errors} errors`);
await close();
