import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** The path of the metrics (under the plugin's prefix, if any). */
export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the registry in Prometheus's text format, for a caller that sends `Authorization: Bearer <token>`;
 * 401 otherwise. The comparison takes the same time whatever the token sent (both sides hashed to equal lengths
 * first). Not identified as a Taskcast user, and not rate-limited: Prometheus scrapes it on its own schedule.
 */
export function metricsRoute(app: FastifyInstance, registry: Registry, token: string, beforeScrape: () => Promise<void>): void {
  const expected = digest(token);
  app.get(METRICS_PATH, { config: { public: true, rateLimit: false } }, async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'A valid metrics token is required' });
    }
    await beforeScrape();
    const text = await registry.metrics();
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(text);
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
