import { Redis } from 'ioredis';
import { bucketAfterTake, type BucketTake, type RateBuckets } from '../../engine/index.js';

// A bucket as a hash {tokens, updated} (ms since the epoch on the Redis server's clock, so nodes agree), refilled and
// taken from atomically by one script. KEYS[1] the bucket; ARGV: tokens per second, bucket size, most tokens to take.
// Takes min(most, whole tokens held), as bucketTake does, and answers `count left`: the tokens taken (0: refused) and
// those left. A bucket expires once it would be full again: a missing bucket is a full one.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst, most = tonumber(ARGV[1]), tonumber(ARGV[2]), math.max(1, math.floor(tonumber(ARGV[3])))
local h = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens, updated = tonumber(h[1]) or burst, tonumber(h[2]) or now
local refilled = math.min(burst, tokens + math.max(0, now - updated) * rate / 1000)
local count = 0
if refilled >= 1 then count = math.min(most, math.floor(refilled)) end
local left = refilled - count
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', left), 'updated', string.format('%.0f', math.max(now, updated)))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((burst - left) * 1000 / rate)))
return string.format('%d %.6f', count, left)
`;

/**
 * The HTTP API's and the socket upgrades' token buckets in Redis (REDIS_URL), so a caller's limit holds across every
 * node: one script call per request. Keys are prefixed with the installation's namespace (a Redis may serve several
 * installations, whose user ids must not share buckets).
 */
export class RedisRateBuckets implements RateBuckets {
  readonly #redis: Redis;

  constructor(
    url: string,
    /** The installation's name on this Redis (databaseBusNamespace). */
    private readonly namespace: string,
  ) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Failures reach the caller through the rejected command; an idle connection's error must not crash the process.
    this.#redis.on('error', () => {});
    this.#redis.defineCommand('taskcastTakeToken', { numberOfKeys: 1, lua: SCRIPT });
  }

  async take(key: string, perSecond: number, burst: number, most = 1): Promise<BucketTake> {
    const redis = this.#redis as Redis & { taskcastTakeToken(key: string, rate: number, burst: number, most: number): Promise<string> };
    const answer = await redis.taskcastTakeToken(`taskcast:rate:${this.namespace}:${key}`, perSecond, burst, most);
    const [count, left] = answer.split(' ').map(Number) as [number, number];
    return bucketAfterTake(count, left, perSecond, burst);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
