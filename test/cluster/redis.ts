import { Redis } from 'ioredis';
import { CLUSTER_REDIS_URL } from './cluster.js';

/**
 * In CI (CI=true) or with TASKCAST_REQUIRE_REDIS=1 Redis is required: the Redis-bus tests fail when it is
 * missing. Elsewhere they are skipped with a visible message (the same rule as PostgreSQL's).
 */
export const REDIS_REQUIRED = process.env.CI === 'true' || process.env.TASKCAST_REQUIRE_REDIS === '1';

/** Whether Redis answers PING at {@link CLUSTER_REDIS_URL}. */
export async function probeRedis(): Promise<boolean> {
  const client = new Redis(CLUSTER_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch (err) {
    const msg = `Redis is not reachable at ${CLUSTER_REDIS_URL} (${String(err)}).`;
    if (REDIS_REQUIRED) console.error(`${msg} It is required here: the Redis-bus tests will fail.`);
    else console.warn(`\n*** ${msg} Redis-bus tests are SKIPPED. Set CI=true or TASKCAST_REQUIRE_REDIS=1 to make them fail instead. ***\n`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** Whether to run Redis tests: true when reachable or required (then they fail loudly). */
export async function shouldRunRedis(): Promise<boolean> {
  return (await probeRedis()) || REDIS_REQUIRED;
}
