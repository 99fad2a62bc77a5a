import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ConflictError, parseInput, requireRole, ValidationError, type ApiContext } from '../../api/index.js';
import { TaskAlreadyActiveError } from '../../engine/index.js';
import { BANK_SYNC_TYPE, CONTRACTORS_SYNC_TYPE } from '../taskTypes.js';
import { bankSyncFields, periodProblem } from '../syncPayloads.js';

/** Starts tried when a conflicting sync vanished meanwhile (each failure means another sync finished in between). */
const START_ATTEMPTS = 5;

/** When and how urgently a sync starts: optional in both bodies, not part of the task's payload. */
const scheduling = {
  /** −10…10, higher first (default 0). */
  priority: z.number({ error: 'must be an integer from -10 to 10' }).int('must be an integer from -10 to 10').min(-10).max(10).optional(),
  /** Not started before this time (ISO 8601 with a zone), e.g. tonight. */
  run_at: z.iso.datetime({ offset: true, error: 'must be a date-time with a time zone (ISO 8601)' }).optional(),
};

const bankSyncBody = z.strictObject({ ...bankSyncFields, ...scheduling });

const contractorsSyncBody = z.strictObject({ ...scheduling });

type Scheduling = { priority?: number; run_at?: string };

/** Where the 1C data comes from, for the UI. */
export interface SyncSourceInfo {
  source: 'simulator' | '1c';
  /** The OData base URL, without credentials. */
  url: string;
}

/** The specification's Async Sync API: start the syncs (admin and manager), one of each kind at a time. */
export function syncRoutes(app: FastifyInstance, ctx: ApiContext, sourceInfo: SyncSourceInfo): void {
  const start = async (taskType: string, payload: object, when: Scheduling, userId: number, message: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const task = await ctx.engine.enqueue(taskType, { payload: payload as never, user_id: userId, message, ...when });
        return { task_id: task.task_id, status: task.status, message };
      } catch (err) {
        if (!(err instanceof TaskAlreadyActiveError)) throw err;
        // No active task to name: the one that was in the way finished between our insert and the look-up of
        // its id (seen on PostgreSQL under hundreds of concurrent starts). Nothing is in the way now: start again.
        if (err.activeTaskId === null && attempt < START_ATTEMPTS) continue;
        throw new ConflictError('A sync of this kind is already pending or running', { task_id: err.activeTaskId });
      }
    }
  };

  app.post('/api/v1/sync-1c/bank-transactions/sync-async', async (request, reply) => {
    requireRole(request.caller, 'admin', 'manager');
    const { priority, run_at, ...body } = parseInput(bankSyncBody, request.body, 'body');
    const problem = periodProblem(body.date_from, body.date_to);
    if (problem) throw new ValidationError(`body.${problem}`);
    const result = await start(
      BANK_SYNC_TYPE,
      body,
      { priority, run_at },
      request.caller.id,
      `Синхронизация банковских операций за ${body.date_from} — ${body.date_to} поставлена в очередь`,
    );
    return reply.code(202).send(result);
  });

  app.post('/api/v1/sync-1c/contractors/sync-async', async (request, reply) => {
    requireRole(request.caller, 'admin', 'manager');
    const when = parseInput(contractorsSyncBody, request.body, 'body');
    const result = await start(CONTRACTORS_SYNC_TYPE, {}, when, request.caller.id, 'Синхронизация контрагентов поставлена в очередь');
    return reply.code(202).send(result);
  });

  app.get('/api/v1/sync-1c/status', async () => sourceInfo);
}
