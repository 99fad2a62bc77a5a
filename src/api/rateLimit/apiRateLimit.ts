/**
 * The HTTP API's per-caller limit: a token bucket per user (the authenticated caller's id) or, for a request without
 * a caller (a public route such as log-in, or credentials that were refused), per client address — IPv6 by its /64,
 * as @fastify/rate-limit normalises it. Over it: 429 with Retry-After. Every limited response carries the IETF
 * draft's headers (draft-ietf-httpapi-ratelimit-headers-10):
 *
 *     RateLimit-Policy: "api";q=100;w=5     the bucket: 100 requests, refilled over 5 s (TASKCAST_API_BURST / _RATE_PER_S)
 *     RateLimit: "api";r=42;t=3             42 requests left now; t: s until the bucket is full (until the next token on a 429)
 *
 * @fastify/rate-limit does the keying and the bookkeeping (createRateLimit) over our token-bucket store; its own
 * headers (X-RateLimit-*, or the older draft's RateLimit-Limit/-Remaining/-Reset) are not sent.
 */
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger, RateBuckets } from '../../engine/index.js';
import { RateLimitedError } from '../errors.js';
import { withFallback } from './FallbackRateBuckets.js';
import { tokenBucketStore } from './tokenBucketStore.js';

/** The limit as createTaskcast resolved it. */
export interface ApiRateSettings {
  /** Requests per second per caller on average. */
  perSecond: number;
  /** Requests a caller may make at once (the bucket's size). */
  burst: number;
  /** Where the buckets live (memory, or Redis shared by the nodes). */
  buckets: RateBuckets;
}

/** Checks one request against its caller's bucket: sets the headers, throws {@link RateLimitedError} past it. */
export type CheckRate = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The bucket key of a request: its caller's id, else its client address. */
export function rateKey(request: FastifyRequest): string {
  const caller = request.caller as FastifyRequest['caller'] | undefined;
  return caller ? `user:${caller.id}` : `address:${normalizeIP(request.ip)}`;
}

/**
 * Registers @fastify/rate-limit on `app` (hooks on no route by itself) and returns the check the API's hook calls.
 * Returns the buckets too, with their fallback: the sockets' upgrade limit shares them.
 */
export async function apiRateLimit(
  app: FastifyInstance,
  settings: ApiRateSettings,
  logger: Logger,
): Promise<{ checkRate: CheckRate; buckets: RateBuckets }> {
  const { perSecond, burst } = settings;
  const windowSeconds = Math.max(1, Math.ceil(burst / perSecond));
  const buckets = withFallback(settings.buckets, (err) =>
    logger.warn({ err: String(err) }, 'rate limit buckets unreachable: limiting per process for now'),
  );
  const store = tokenBucketStore(buckets, perSecond);
  await app.register(fastifyRateLimit, { global: false, store });
  const limit = app.createRateLimit({ max: burst, timeWindow: windowSeconds * 1000, keyGenerator: rateKey });
  const policy = `"api";q=${burst};w=${windowSeconds}`;
  const checkRate: CheckRate = async (request, reply) => {
    const result = await limit(request);
    if (result.isAllowed) return;
    reply.header('ratelimit-policy', policy);
    if (!result.isExceeded) {
      reply.header('ratelimit', `"api";r=${result.remaining};t=${result.ttlInSeconds}`);
      return;
    }
    const after = Math.max(1, result.ttlInSeconds);
    reply.header('ratelimit', `"api";r=0;t=${after}`).header('retry-after', String(after));
    throw new RateLimitedError(after);
  };
  return { checkRate, buckets };
}
