/**
 * `/api/v1/schedules` (issue 12): admins manage every schedule, managers those of the shared task types (the
 * syncs), users none (403). A schedule a manager may not manage answers 404, like one that does not exist.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, parseInput, queryString, requireRole, ValidationError } from '../../api/index.js';
import { isUuid, type Json } from '../../engine/index.js';
import type { ScheduleRow } from '../../schedules/index.js';
import { MISSED_POLICIES, OVERLAP_POLICIES, type Schedule, type ScheduleList, type ScheduleRunResponse } from '../../wire/index.js';
import { DEFAULT_MISSED_CAP } from '../defaults.js';
import { ScheduleNotFoundError } from '../errors.js';
import type { ScheduleService } from '../ScheduleService.js';
import { publicSchedule } from '../toWire.js';

/** What the routes need besides the service. */
export interface ScheduleRouteDeps {
  service: ScheduleService;
  /** The task types a manager may schedule (the shared ones). */
  sharedTypes: () => readonly string[];
  /** Whether a task type is registered (an unknown one is a 400 on `task_type` for everyone, not a 403). */
  knownType: (taskType: string) => boolean;
  /** The highest `missed_cap`. */
  maxMissedCap: number;
}

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

function fieldsSchema(maxMissedCap: number) {
  return {
    name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    task_type: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    payload: json,
    cron: z.string({ error: 'must be a string' }).max(200, 'must be at most 200 characters'),
    timezone: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    enabled: z.boolean({ error: 'must be true or false' }),
    missed: z.enum(MISSED_POLICIES, { error: `must be one of ${MISSED_POLICIES.join(', ')}` }),
    missed_cap: z
      .number({ error: 'must be a number' })
      .int('must be an integer')
      .min(1, `must be from 1 to ${maxMissedCap}`)
      .max(maxMissedCap, `must be from 1 to ${maxMissedCap}`),
    overlap: z.enum(OVERLAP_POLICIES, { error: `must be one of ${OVERLAP_POLICIES.join(', ')}` }),
  };
}

const previewQuery = z.object({ cron: queryString(), timezone: queryString() });

export function scheduleRoutes(app: FastifyInstance, deps: ScheduleRouteDeps): void {
  const { service } = deps;
  const fields = fieldsSchema(deps.maxMissedCap);
  const createBody = z.strictObject({
    name: fields.name,
    task_type: fields.task_type,
    payload: fields.payload.default(null),
    cron: fields.cron,
    timezone: fields.timezone.default('UTC'),
    enabled: fields.enabled.default(true),
    missed: fields.missed.default('skip'),
    missed_cap: fields.missed_cap.default(DEFAULT_MISSED_CAP),
    overlap: fields.overlap.default('skip'),
  });
  const patchBody = z.strictObject(fields).partial();

  const manageable = (request: FastifyRequest, row: Pick<ScheduleRow, 'task_type'>): boolean =>
    request.caller.role === 'admin' || deps.sharedTypes().includes(row.task_type);

  /** The schedule if the caller may manage it; 404 otherwise (the same for one that does not exist). */
  const visible = async (request: FastifyRequest, id: string): Promise<ScheduleRow> => {
    requireRole(request.caller, 'admin', 'manager');
    if (!isUuid(id)) throw new ScheduleNotFoundError(id);
    const row = await service.get(id.toLowerCase());
    if (!manageable(request, row)) throw new ScheduleNotFoundError(id);
    return row;
  };

  /** A manager may only schedule the shared types. */
  const mayUseType = (request: FastifyRequest, taskType: string): void => {
    if (!deps.knownType(taskType)) throw new ValidationError(`body.task_type: unknown task type "${taskType}"`);
    if (!manageable(request, { task_type: taskType })) {
      throw new ForbiddenError(`A manager may schedule only these task types: ${deps.sharedTypes().join(', ')}`);
    }
  };

  app.get('/api/v1/schedules', async (request): Promise<ScheduleList> => {
    requireRole(request.caller, 'admin', 'manager');
    const rows = await service.list();
    return { items: rows.filter((r) => manageable(request, r)).map(publicSchedule) };
  });

  // Before '/:id', so "preview" is not read as an id.
  app.get('/api/v1/schedules/preview', async (request) => {
    requireRole(request.caller, 'admin', 'manager');
    const q = parseInput(previewQuery, request.query, 'query');
    if (q.cron === undefined) throw new ValidationError('query.cron: required');
    return service.preview(q.cron, q.timezone ?? 'UTC');
  });

  app.post('/api/v1/schedules', async (request, reply) => {
    requireRole(request.caller, 'admin', 'manager');
    const body = parseInput(createBody, request.body, 'body');
    mayUseType(request, body.task_type);
    const row = await service.create(body, request.caller.id);
    request.log.info({ schedule_id: row.id, task_type: row.task_type, cron: row.cron, by: request.caller.id }, 'schedule created');
    return reply.code(201).send(publicSchedule(row));
  });

  app.get<{ Params: { id: string } }>('/api/v1/schedules/:id', async (request): Promise<Schedule> => {
    return publicSchedule(await visible(request, request.params.id));
  });

  app.patch<{ Params: { id: string } }>('/api/v1/schedules/:id', async (request): Promise<Schedule> => {
    const { id } = await visible(request, request.params.id);
    const patch = parseInput(patchBody, request.body, 'body');
    if (patch.task_type !== undefined) mayUseType(request, patch.task_type);
    const row = await service.update(id, patch, (r) => {
      if (!manageable(request, r)) throw new ScheduleNotFoundError(id);
    });
    request.log.info({ schedule_id: id, fields: Object.keys(patch), by: request.caller.id }, 'schedule edited');
    return publicSchedule(row);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/schedules/:id', async (request, reply) => {
    const { id } = await visible(request, request.params.id);
    await service.remove(id);
    request.log.info({ schedule_id: id, by: request.caller.id }, 'schedule deleted');
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/api/v1/schedules/:id/run', async (request, reply) => {
    const row = await visible(request, request.params.id);
    const task = await service.runNow(row, request.caller.id);
    request.log.info({ schedule_id: row.id, task_id: task.task_id, by: request.caller.id }, 'schedule run now');
    const body: ScheduleRunResponse = { task_id: task.task_id };
    return reply.code(202).send(body);
  });
}
