import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeLoginAttemptStore } from '../../../test/store/conformance/describeLoginAttemptStore.js';
import { RedisLoginAttempts } from './RedisLoginAttempts.js';
import { CLUSTER_REDIS_URL } from '../../../test/cluster/cluster.js';
import { shouldRunRedis } from '../../../test/cluster/redis.js';

describe.runIf(await shouldRunRedis())('Redis', () => {
  // Two connections to one Redis under one namespace; each test uses a key of its own.
  describeLoginAttemptStore('Redis', async () => {
    const namespace = `test-${randomBytes(4).toString('hex')}`;
    const [a, b] = [new RedisLoginAttempts(CLUSTER_REDIS_URL, namespace), new RedisLoginAttempts(CLUSTER_REDIS_URL, namespace)];
    return {
      a,
      b,
      async close() {
        await a.close();
        await b.close();
      },
    };
  });

  it('installations sharing a Redis (other namespaces) never lock each other', async () => {
    const [one, two] = [
      new RedisLoginAttempts(CLUSTER_REDIS_URL, 'install-one-test'),
      new RedisLoginAttempts(CLUSTER_REDIS_URL, 'install-two-test'),
    ];
    try {
      const key = `name:admin-${randomBytes(4).toString('hex')}`;
      const policy = { maxFailures: 1, windowMs: 60_000, lockBaseMs: 60_000, lockMaxMs: 60_000 };
      expect((await one.reserveLoginAttempt(key, policy)).lockMs).toBeGreaterThan(0);
      expect(await two.loginLockMs([key])).toBe(0);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
