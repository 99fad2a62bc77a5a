import { describe } from 'vitest';
import { describeRequestBucketStore } from '../../../test/store/conformance/describeRequestBucketStore.js';
import { RedisRequestBuckets } from './RedisRequestBuckets.js';
import { CLUSTER_REDIS_URL } from '../../../test/cluster/cluster.js';
import { shouldRunRedis } from '../../../test/cluster/redis.js';

describe.runIf(await shouldRunRedis())('Redis', () => {
  // Two connections to one Redis; each test uses a bucket key of its own.
  describeRequestBucketStore('Redis', async () => {
    const [a, b] = [new RedisRequestBuckets(CLUSTER_REDIS_URL), new RedisRequestBuckets(CLUSTER_REDIS_URL)];
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
