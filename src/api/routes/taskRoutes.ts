import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canSeeTask, taskVisibility } from '../../auth/index.js';
import { isUuid, TASK_STATUSES, type Task, type TaskDetails, type TaskListQuery } from '../../engine/index.js';
import {
  TASK_LIST_COUNT_CAP,
  TASK_LIST_ORDERS,
  TASK_LOGS_PAGE,
  type RetryManyResponse,
  type TaskList,
  type TaskLogsResponse,
} from '../../wire/index.js';
import type { ApiContext } from '../context.js';
import { requireRole } from '../authenticate.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { isIdText, MAX_ID, parseInput, queryInt, queryNumber, queryString } from '../validation.js';

/** A time in a list filter: ISO 8601 with a zone (`2026-12-01T00:00:00Z`, `2026-12-01T00:00:00+03:00`). */
const queryTime = () =>
  queryString().pipe(
    z.iso
      .datetime({ offset: true, error: 'must be a date-time with a time zone (ISO 8601), e.g. 2026-12-01T00:00:00Z' })
      .transform((s) => new Date(s))
      .optional(),
  );

const listQuery = z.object({
  task_type: queryString(),
  status: queryString(),
  /** Who started it (a user id). */
  user_id: queryString().pipe(z.string().refine(isIdText, `must be an id between 1 and ${MAX_ID}`).transform(Number).optional()),
  /** A search by id: the one task with this id (a full UUID, any case). */
  task_id: queryString().pipe(z.string().refine(isUuid, 'must be a task id (a UUID)').optional()),
  created_from: queryTime(),
  created_to: queryTime(),
  limit: queryInt(1, 100, 20),
  offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  /** created_desc (newest first, the default) or created_asc (oldest first). */
  order: queryString().pipe(z.enum(TASK_LIST_ORDERS, { error: `must be one of ${TASK_LIST_ORDERS.join(', ')}` }).default('created_desc')),
});

// The upper bound keeps the cut-off a valid timestamp in every store (PostgreSQL refused ~1e9 hours with a 500).
const MAX_AGE_HOURS_LIMIT = 1_000_000;

/** Which finished tasks a bulk retry takes. */
const RETRY_STATUSES = ['failed', 'cancelled'] as const;

const retryManyQuery = z.object({
  status: queryString(),
  task_type: queryString(),
});

const logsQuery = z.object({
  since: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, TASK_LOGS_PAGE.max, TASK_LOGS_PAGE.default),
});

const cleanupQuery = z.object({
  max_age_hours: queryNumber(0, MAX_AGE_HOURS_LIMIT, 24),
});

/**
 * The task if it exists and the caller may see it; otherwise 404, the same for both cases. UUIDs are
 * case-insensitive and stored in lower case, so the id is lowered here, at the edge.
 */
export async function visibleTask(ctx: ApiContext, request: FastifyRequest, taskId: string): Promise<Task> {
  const task = isUuid(taskId) ? await ctx.engine.getTask(taskId.toLowerCase()) : null;
  if (!task || !canSeeTask(request.caller, task, ctx.engine.types.sharedNames())) throw new NotFoundError('Task not found');
  return task;
}

/** A task type named in a query: undefined when absent, a 400 naming the field when the engine does not know it. */
function knownTaskType(ctx: ApiContext, taskType: string | undefined): string | undefined {
  if (taskType !== undefined && !ctx.engine.types.has(taskType)) {
    throw new ValidationError(`query.task_type: unknown task type; known: ${ctx.engine.types.names().join(', ') || 'none'}`);
  }
  return taskType;
}

/** The Tasks API of the specification. */
export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/tasks', async (request) => {
    const q = parseInput(listQuery, request.query, 'query');
    if (q.status !== undefined && !(TASK_STATUSES as readonly string[]).includes(q.status)) {
      throw new ValidationError(`query.status: must be one of ${TASK_STATUSES.join(', ')}`);
    }
    if (q.created_from && q.created_to && q.created_from > q.created_to) {
      throw new ValidationError('query.created_from: must not be after created_to');
    }
    const query: TaskListQuery = {
      taskType: knownTaskType(ctx, q.task_type),
      status: q.status as Task['status'] | undefined,
      ownerId: q.user_id,
      taskId: q.task_id?.toLowerCase(),
      createdFrom: q.created_from,
      createdTo: q.created_to,
      visibility: taskVisibility(request.caller, ctx.engine.types.sharedNames()),
      limit: q.limit,
      offset: q.offset,
      countCap: TASK_LIST_COUNT_CAP,
      order: q.order,
    };
    const page = await ctx.engine.listTasks(query);
    return { tasks: page.tasks, total: page.total, total_capped: page.totalCapped } satisfies TaskList;
  });

  // The task with every attempt it made. Visibility is checked on the same read as the details, so a task that
  // is gone or hidden answers one 404.
  app.get<{ Params: { task_id: string } }>('/api/v1/tasks/:task_id', async (request): Promise<TaskDetails> => {
    const taskId = request.params.task_id;
    const details = isUuid(taskId) ? await ctx.engine.getTaskDetails(taskId.toLowerCase()) : null;
    if (!details || !canSeeTask(request.caller, details, ctx.engine.types.sharedNames())) throw new NotFoundError('Task not found');
    return details;
  });

  // The task's log lines (ctx.log) after `since` (exclusive), oldest first; the same 404 as the task itself.
  app.get<{ Params: { task_id: string } }>('/api/v1/tasks/:task_id/logs', async (request): Promise<TaskLogsResponse> => {
    const task = await visibleTask(ctx, request, request.params.task_id);
    const q = parseInput(logsQuery, request.query, 'query');
    return { items: await ctx.engine.listTaskLogs(task.task_id, q.since, q.limit) };
  });

  app.post<{ Params: { task_id: string } }>('/api/v1/tasks/:task_id/cancel', async (request) => {
    const task = await visibleTask(ctx, request, request.params.task_id);
    const cancelled = await ctx.engine.cancelTask(task.task_id);
    request.log.info(
      { task_id: task.task_id, attempt: task.attempt, node: ctx.engine.leaseOwner, by: request.caller.id },
      'cancel requested',
    );
    return cancelled;
  });

  // Whoever may cancel a task may retry it: a failed or cancelled task goes back to pending as its next
  // attempt (TASK_NOT_RETRYABLE, 409, for any other status).
  app.post<{ Params: { task_id: string } }>('/api/v1/tasks/:task_id/retry', async (request) => {
    const task = await visibleTask(ctx, request, request.params.task_id);
    request.log.info(
      { task_id: task.task_id, attempt: task.attempt, node: ctx.engine.leaseOwner, by: request.caller.id, status: task.status },
      'retry requested',
    );
    return ctx.engine.retryTask(task.task_id);
  });

  // A static path: Fastify matches it before `/api/v1/tasks/:task_id/…`, whatever the registration order.
  app.post('/api/v1/tasks/retry', async (request): Promise<RetryManyResponse> => {
    requireRole(request.caller, 'admin');
    const q = parseInput(retryManyQuery, request.query, 'query');
    const status = q.status ?? 'failed';
    if (!(RETRY_STATUSES as readonly string[]).includes(status)) {
      throw new ValidationError(`query.status: must be one of ${RETRY_STATUSES.join(', ')}`);
    }
    const taskType = knownTaskType(ctx, q.task_type);
    request.log.info({ by: request.caller.id, status, task_type: taskType }, 'bulk retry requested');
    return ctx.engine.retryTasks({ status: status as (typeof RETRY_STATUSES)[number], taskType });
  });

  app.post('/api/v1/tasks/cleanup', async (request) => {
    requireRole(request.caller, 'admin');
    const q = parseInput(cleanupQuery, request.query, 'query');
    return { deleted: await ctx.engine.cleanup(q.max_age_hours) };
  });
}
