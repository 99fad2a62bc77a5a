import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { buildApp, type Feature } from '../api/index.js';
import { bootstrapAdmin, loadJwtSecret, setPasswordHashConcurrency } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { TaskEngine } from '../engine/index.js';
import type { Storage } from '../store/index.js';
import { taskcastPlugin } from '../taskcast/index.js';
import { METRICS_PATH } from '../metrics/index.js';
import { createEngineNode, type ServerFeatureDeps } from './startEngine.js';
import { createLogger } from './createLogger.js';
import { monitoringFeature } from '../monitoring/index.js';
import { notificationsFeature } from '../notifications/index.js';
import { schedulesFeature } from '../scheduler/index.js';
import { syncFeature } from '../sync/index.js';
import { webFeature } from '../web/index.js';
import { announceGeneratedPassword } from './announceGeneratedPassword.js';
import { serverLogin } from './loginOptions.js';
import { serverRateLimit } from './rateLimitOptions.js';

/** Every feature of the server, in start order: each is used on the node's Taskcast like an embedder's own. */
const features: Feature<ServerFeatureDeps>[] = [syncFeature, schedulesFeature, notificationsFeature, monitoringFeature, webFeature];

/** A running Taskcast server. */
export interface RunningServer {
  app: FastifyInstance;
  engine: TaskEngine;
  storage: Storage;
  /** http://host:port */
  url: string;
  logger: PinoLogger;
  /** Graceful stop: no new claims, running tasks get the grace period, sockets close with 1001. */
  close(): Promise<void>;
}

/**
 * Opens the storage, creates the first admin when there is none, starts the engine (with every task
 * type of the enabled features) and listens. The only place where the pieces are wired together: the
 * node's Taskcast (createTaskcast, with the 1C sync and the web app used on it) mounted on the standalone app
 * by taskcastPlugin, as an embedding application mounts its own.
 */
export async function startServer(config: Config, logger: PinoLogger = createLogger(config.LOG_LEVEL)): Promise<RunningServer> {
  setPasswordHashConcurrency(config.TASKCAST_PASSWORD_HASH_CONCURRENCY);
  const login = await serverLogin(config);
  const limits = await serverRateLimit(config);
  const auth = {
    jwtSecret: loadJwtSecret(config.TASKCAST_DATA_DIR, config.TASKCAST_JWT_SECRET),
    tokenTtlSeconds: config.TASKCAST_TOKEN_TTL_SECONDS,
    login: login.login,
  };
  const node = await createEngineNode(config, logger, features, config.TASKCAST_RUN_TASKS, auth, limits.rateLimit).catch(
    async (err: unknown) => {
      await login.close();
      await limits.close();
      throw err;
    },
  );
  const { storage, engine, taskcast } = node;
  const admin = await bootstrapAdmin(storage.users, config.TASKCAST_DATA_DIR, config.TASKCAST_ADMIN_PASSWORD);
  if (admin.created && admin.generatedPassword) {
    announceGeneratedPassword(admin.generatedPassword, admin.passwordFile!, logger);
  } else if (admin.created) {
    logger.info({ username: 'admin' }, 'created the first user from TASKCAST_ADMIN_PASSWORD');
  }
  const app = await buildApp({
    storage,
    logger,
    discardLimits: { maxBytes: config.TASKCAST_DISCARD_BODY_MAX_BYTES, maxMs: config.TASKCAST_DISCARD_BODY_MAX_MS },
    trustProxy: config.TASKCAST_TRUST_PROXY,
    // The metrics (when on) count every request of the app, those no route matched too; when off, /metrics is a 404
    // (and not the web app's page, which answers every other GET path). Then the task API.
    plugins: [
      (app) => (taskcast.metrics ? taskcast.metrics.countRequests(app) : app.get(METRICS_PATH, (_req, reply) => reply.callNotFound())),
      (app) => app.register(taskcastPlugin, { taskcast }),
    ],
  });
  await taskcast.start();
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  logger.info(
    { url, storage: storage.kind, runs_tasks: config.TASKCAST_RUN_TASKS, concurrency: config.TASKCAST_CONCURRENCY },
    'Taskcast is listening',
  );

  let closing: Promise<void> | null = null;
  return {
    app,
    engine,
    storage,
    url,
    logger,
    close() {
      closing ??= (async () => {
        await app.close();
        await node.close();
        await login.close();
        await limits.close();
      })();
      return closing;
    },
  };
}
