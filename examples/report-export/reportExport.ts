/**
 * The report export task type: writes a CSV of `rows` rows, `chunk_size` at a time, reporting progress after
 * each chunk and stopping at the next chunk when cancelled (the file is then removed). Its result names the file
 * and counts the rows and bytes written.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { defineTaskType } from '../../src/index.js';
import { generatedRows, REPORT_COLUMNS, type ReportSource } from './reportSource.js';

/** The `task_type` of report exports. */
export const REPORT_EXPORT_TYPE = 'report_export';

/** What a report export is asked for (checked by the route's schema before it is enqueued). */
export type ReportExportPayload = { rows: number; chunk_size: number };

/** What a finished report export answers (its task's `result`). */
export type ReportExportResult = { rows: number; bytes: number; file: string };

/** Where reports are written and where their rows come from. */
export interface ReportExportOptions {
  /** The folder of the CSV files, one per task (`<task_id>.csv`). */
  outputDir: string;
  /** Default: {@link generatedRows}. */
  source?: ReportSource;
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csvLine = (fields: string[]) => `${fields.map(csvField).join(',')}\n`;

/** The report export task type, writing into `options.outputDir`. */
export function reportExportTask(options: ReportExportOptions) {
  const source = options.source ?? generatedRows;
  return defineTaskType<ReportExportPayload, ReportExportResult>({
    type: REPORT_EXPORT_TYPE,
    // A report that takes longer than this is stuck: it is cancelled and fails.
    timeoutMs: 10 * 60_000,
    async handler(ctx) {
      const { rows, chunk_size: chunkSize } = ctx.payload;
      const file = `${ctx.taskId}.csv`;
      const path = join(options.outputDir, file);
      // A file handle, not a stream: a failed open or write (a full disk, a removed folder) rejects the await
      // that caused it, so it fails this task; a stream's 'error' event would crash the process.
      const out = await open(path, 'w', 0o600);
      let bytes = 0;
      const write = async (text: string) => {
        bytes += (await out.write(text)).bytesWritten;
      };
      try {
        ctx.setTotal(rows);
        await write(csvLine(REPORT_COLUMNS));
        for (let done = 0; done < rows;) {
          const chunk = await source.readRows(done, Math.min(chunkSize, rows - done), ctx.signal);
          await write(chunk.map(csvLine).join(''));
          done += chunk.length;
          ctx.progress(done, `${done} of ${rows} rows written`);
          // A yield point: lets other work run, and throws TaskCancelledError once a cancel was asked for.
          await ctx.yield();
        }
        await out.close();
        return { rows, bytes, file };
      } catch (err) {
        await out.close().catch(() => {});
        await rm(path, { force: true });
        throw err;
      }
    },
  });
}
