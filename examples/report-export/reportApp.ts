/**
 * The application: its own Fastify, Taskcast on the given storage with the report export used on it, and the
 * task API mounted by taskcastPlugin. main.ts runs it; the tests run exactly this.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createTaskcast, taskcastPlugin, type SqliteStorage, type Taskcast } from '../../src/index.js';
import { reportExportFeature } from './reportExportFeature.js';
import type { ReportSource } from './reportSource.js';

/** What the application is built from. */
export interface ReportAppOptions {
  storage: SqliteStorage;
  /** Where the CSV files go. */
  outputDir: string;
  /** Where the rows come from (default: generated rows). */
  source?: ReportSource;
  /** Signs the tokens (at least 32 characters); unset: a random one per process. */
  jwtSecret?: string;
  /** Fastify's request log (pino, JSON on stdout); Taskcast logs through it too. Default false. */
  log?: boolean;
}

/** The application, built but not started (the caller adds users, starts Taskcast and listens). */
export async function buildReportApp(options: ReportAppOptions): Promise<{ app: FastifyInstance; taskcast: Taskcast<SqliteStorage> }> {
  const app = Fastify({ logger: options.log ?? false });
  const taskcast = createTaskcast({
    storage: options.storage,
    logger: app.log,
    auth: options.jwtSecret === undefined ? {} : { jwtSecret: options.jwtSecret },
  }).use(reportExportFeature({ outputDir: options.outputDir, source: options.source }));
  await app.register(taskcastPlugin, { taskcast });
  return { app, taskcast };
}
