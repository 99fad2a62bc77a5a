import { Redis } from 'ioredis';
import type { RequestBucketStore } from '../requestBucketTypes.js';

// The bucket as a hash {tokens, updated, notBefore} (ms since the epoch on the Redis server's clock, so nodes agree),
// changed atomically by one script. KEYS[1] the bucket; ARGV: mode ('take' | 'hold'), tokens per second, bucket size,
// ms to hold. 'take' answers 0 when a token was taken, else the ms to wait; 'hold' answers 0.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'notBefore')
local tokens, updated, notBefore = tonumber(h[1]) or burst, tonumber(h[2]) or now, tonumber(h[3]) or 0
if ARGV[1] == 'hold' then
  notBefore = math.max(notBefore, now + tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'notBefore', tostring(notBefore), 'tokens', tostring(tokens), 'updated', tostring(updated))
  redis.call('PEXPIRE', KEYS[1], 3600000 + math.max(0, notBefore - now))
  return 0
end
local refilled = math.min(burst, tokens + math.max(0, now - updated) * rate / 1000)
if refilled >= 1 and notBefore <= now then
  redis.call('HSET', KEYS[1], 'tokens', tostring(refilled - 1), 'updated', tostring(math.max(now, updated)), 'notBefore', tostring(notBefore))
  redis.call('PEXPIRE', KEYS[1], 3600000)
  return 0
end
local refill = 0
if refilled < 1 then refill = (1 - refilled) * 1000 / rate end
return math.max(1, math.ceil(math.max(notBefore - now, refill)))
`;

/**
 * Request buckets in Redis (REDIS_URL): the same bucket as the database's (src/store/requestBucketTypes.ts) without
 * a database write per request to 1C. A bucket unused for an hour expires (it would be full again anyway).
 */
export class RedisRequestBuckets implements RequestBucketStore {
  readonly #redis: Redis;

  constructor(url: string) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    // Failures reach the caller through the rejected command; an idle connection's error must not crash the process.
    this.#redis.on('error', () => {});
  }

  async takeRequestToken(key: string, ratePerSecond: number, burst: number): Promise<number> {
    return Number(await this.#redis.eval(SCRIPT, 1, bucketKey(key), 'take', ratePerSecond, burst, 0));
  }

  async holdRequests(key: string, ms: number): Promise<void> {
    await this.#redis.eval(SCRIPT, 1, bucketKey(key), 'hold', 1, 1, Math.max(0, Math.ceil(ms)));
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}

function bucketKey(baseUrl: string): string {
  return `taskcast:onec-rps:${baseUrl}`;
}
