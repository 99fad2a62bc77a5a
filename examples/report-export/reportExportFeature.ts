/**
 * The report export as a feature: its task type, the route that starts an export for the caller and the route
 * that downloads the finished CSV (to its owner only, like the task itself).
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, visibleTask, type Feature } from '../../src/index.js';
import { REPORT_EXPORT_TYPE, reportExportTask, type ReportExportOptions, type ReportExportPayload } from './reportExport.js';

/** The most rows one report may have, and the largest chunk. */
export const MAX_ROWS = 1_000_000;
export const MAX_CHUNK = 10_000;

const exportBody = {
  type: 'object',
  required: ['rows'],
  additionalProperties: false,
  properties: {
    rows: { type: 'integer', minimum: 1, maximum: MAX_ROWS },
    chunk_size: { type: 'integer', minimum: 1, maximum: MAX_CHUNK, default: 1000 },
  },
} as const;

/** The report export feature, writing into `options.outputDir` (created private if missing). */
export function reportExportFeature(options: ReportExportOptions): Feature {
  return {
    name: 'report-export',
    async setup() {
      await mkdir(options.outputDir, { recursive: true, mode: 0o700 });
      return {
        taskTypes: [reportExportTask(options)],
        routes(app, ctx) {
          // POST {rows, chunk_size?} → 202 {task_id, status}: the export runs in the background, owned by the caller.
          app.post<{ Body: ReportExportPayload }>('/api/v1/reports/export', { schema: { body: exportBody } }, async (request, reply) => {
            const { rows, chunk_size } = request.body;
            const task = await ctx.engine.enqueue(REPORT_EXPORT_TYPE, {
              payload: { rows, chunk_size },
              user_id: request.caller.id,
              total: rows,
              message: `Export of ${rows} rows queued`,
            });
            return reply.code(202).send({ task_id: task.task_id, status: task.status });
          });

          // The CSV of a completed export; 404 for a task the caller may not see, 409 while it is not completed.
          app.get<{ Params: { task_id: string } }>('/api/v1/reports/:task_id/csv', async (request, reply) => {
            const task = await visibleTask(ctx, request, request.params.task_id);
            if (task.task_type !== REPORT_EXPORT_TYPE) throw new ConflictError('This task is not a report export');
            if (task.status !== 'completed')
              throw new ConflictError(`The report is not ready: its task is ${task.status}`, { status: task.status });
            return reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="report-${task.task_id}.csv"`)
              .send(createReadStream(join(options.outputDir, `${task.task_id}.csv`)));
          });
        },
      };
    },
  };
}
