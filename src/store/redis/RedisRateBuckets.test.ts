import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { CLUSTER_REDIS_URL } from '../../../test/cluster/cluster.js';
import { shouldRunRedis } from '../../../test/cluster/redis.js';
import { describeRateBuckets } from '../../../test/support/describeRateBuckets.js';
import { RedisRateBuckets } from './RedisRateBuckets.js';

describe.runIf(await shouldRunRedis())('Redis', () => {
  // Two connections to one Redis under one namespace of this run's own.
  describeRateBuckets('RedisRateBuckets', async () => {
    const namespace = `test-${randomBytes(6).toString('hex')}`;
    const [a, b] = [new RedisRateBuckets(CLUSTER_REDIS_URL, namespace), new RedisRateBuckets(CLUSTER_REDIS_URL, namespace)];
    return {
      a,
      b,
      async close() {
        await a.close();
        await b.close();
      },
    };
  });
});
