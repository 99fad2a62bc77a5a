/**
 * GET /api/v1/metrics/summary?from=<ISO time>&to=<ISO time>&step=<seconds> (issue 14; docs/api.md): admins only
 * (others 403). `step` is a whole number of minutes in seconds, default 60; `from` is rounded down to it; at most
 * METRICS_MAX_POINTS points. A wrong parameter is a 400 naming it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput, requireRole, ValidationError } from '../../api/index.js';
import { METRICS_MAX_POINTS, type MetricsSummary } from '../../wire/index.js';
import { metricsSummary } from '../metricsSummary.js';
import type { TaskMinuteStore } from '../port.js';

const isoTime = z
  .string({ error: 'is required (an ISO 8601 time)' })
  .refine((s) => /^\d{4}-\d\d-\d\dT/.test(s) && Number.isFinite(Date.parse(s)), 'must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z');

const query = z.object({
  from: isoTime,
  to: isoTime,
  step: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(60, 'must be at least 60 seconds')
    .refine((s) => s % 60 === 0, 'must be a whole number of minutes (a multiple of 60)')
    .default(60),
});

/** Mounts the summary route. */
export function metricsSummaryRoutes(app: FastifyInstance, deps: { store: TaskMinuteStore }): void {
  app.get('/api/v1/metrics/summary', async (request): Promise<MetricsSummary> => {
    requireRole(request.caller, 'admin');
    const q = parseInput(query, request.query, 'query');
    const stepMs = q.step * 1000;
    const from = Math.floor(Date.parse(q.from) / stepMs) * stepMs;
    const to = Date.parse(q.to);
    if (to <= from) throw new ValidationError('query.to: must be after from');
    const points = Math.ceil((to - from) / stepMs);
    if (points > METRICS_MAX_POINTS) {
      throw new ValidationError(`query.step: gives ${points} points from from to to; at most ${METRICS_MAX_POINTS} (use a larger step)`);
    }
    return metricsSummary(deps.store, { from, to, stepS: q.step });
  });
}
