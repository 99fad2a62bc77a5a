import { randomBytes } from 'node:crypto';
import { CLUSTER_REDIS_URL } from './cluster.js';
import { describeSharedBuckets } from './describeSharedBuckets.js';
import { shouldRunRedis } from './redis.js';

const run = await shouldRunRedis();
// The HTTP API's and the socket upgrades' buckets (RedisRateBuckets), under a namespace of this run's own.
describeSharedBuckets('the HTTP limit in Redis', 1_000, run, async () => ({
  name: 'api-redis',
  env: { REDIS_URL: CLUSTER_REDIS_URL, NAMESPACE: `test-${randomBytes(6).toString('hex')}` },
  close: async () => {},
}));
// The 1C request buckets in Redis (RedisRequestBuckets, ONEC_MAX_RPS with REDIS_URL).
describeSharedBuckets('the 1C request buckets in Redis', 1_000, run, async () => ({
  name: 'onec-redis',
  env: { REDIS_URL: CLUSTER_REDIS_URL, NAMESPACE: `test-${randomBytes(6).toString('hex')}` },
  close: async () => {},
}));
