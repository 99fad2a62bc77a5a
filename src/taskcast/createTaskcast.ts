/**
 * Taskcast for an application of its own: one object holding the engine, the features used on it and how
 * callers are identified, mounted on the application's Fastify by `taskcastPlugin`. The standalone server
 * (src/server) is built the same way, with the 1C sync and the web app as its features.
 *
 * Its life, in order: createTaskcast → use(…) for each task type and feature → ready() (migrations, then each
 * feature's setup; the plugin and start() call it) → start() (the engine claims and runs tasks) → close().
 */
import type { FastifyInstance } from 'fastify';
import {
  mountTaskApi,
  newUserSchema,
  parseInput,
  publicUser,
  type Accounts,
  type ApiStorage,
  type EnabledFeature,
  type Feature,
  type FeatureDeps,
  UserMessages,
} from '../api/index.js';
import { hashPassword, LoginThrottle, TokenService, type UserRole } from '../auth/index.js';
import { TaskEngine, type TaskStorage } from '../engine/index.js';
import { TaskcastMetrics } from '../metrics/index.js';
import { checkTaskType, type AnyTaskType } from './defineTaskType.js';
import { TaskcastUsageError } from './errors.js';
import { resolveOptions, type TaskcastOptions } from './taskcastOptions.js';

/** A database Taskcast can run on: the engine's tasks, the accounts, and (optionally) its migrations. */
export type TaskcastStorage = TaskStorage & ApiStorage & { migrate?(): Promise<void> };

/** What `use` hands every feature's setup: the engine, the logger and the storage given to createTaskcast. */
export interface TaskcastDeps<S> extends FeatureDeps {
  storage: S;
  /** This node's metrics when the `metrics` option is set (a feature counts its own figures on them), else null. */
  metrics?: TaskcastMetrics | null;
  /** Messages for one user's all-tasks sockets on this node (the bell's lines). */
  userMessages?: UserMessages;
}

/**
 * The second argument of `use(feature, extra)`: what the feature needs beyond {@link TaskcastDeps} (none: no
 * second argument). `never` when the storage given to createTaskcast lacks what the feature needs of it.
 */
export type FeatureExtra<D, S> =
  TaskcastDeps<S> extends D
    ? []
    : TaskcastDeps<S> & Omit<D, keyof TaskcastDeps<S>> extends D
      ? [extra: Omit<D, keyof TaskcastDeps<S>>]
      : [extra: never];

/** A user of Taskcast's own accounts, as `addUser` returns it (never the password hash). */
export interface PublicUser {
  id: number;
  username: string;
  role: UserRole;
  created_at: string;
}

/** Taskcast in an application: see {@link createTaskcast}. */
export interface Taskcast<S extends TaskcastStorage = TaskcastStorage> {
  /** The task engine: `enqueue`, `getTask`, `listTasks`, `cancelTask`, `subscribe`… */
  readonly engine: TaskEngine;
  /** The storage given to createTaskcast. */
  readonly storage: S;
  /** This node's Prometheus metrics when the `metrics` option is set (features report to it), else null. */
  readonly metrics: TaskcastMetrics | null;
  /** Defines a task type on the engine now. Before ready(); returns this Taskcast. */
  use(taskType: AnyTaskType): this;
  /** Adds a feature, set up by ready() in the order of `use`, with `extra` merged into its deps. Before ready(). */
  use<D extends FeatureDeps>(feature: Feature<D>, ...extra: FeatureExtra<D, S>): this;
  /** Applies the storage's migrations (unless `migrate: false`), then sets up each feature; once. */
  ready(): Promise<void>;
  /**
   * Adds a user to Taskcast's own accounts (the password hashed with scrypt), after the storage's migrations;
   * UsernameTakenError when the name exists. Not with `auth.resolveCaller`.
   */
  addUser(user: { username: string; password: string; role: UserRole }): Promise<PublicUser>;
  /** ready(), then starts the engine: tasks abandoned by dead processes are failed or requeued, then claimed and run. */
  start(): Promise<void>;
  /**
   * Graceful stop: the task sockets close with 1001; running tasks get `shutdownGraceMs`, then are handed
   * back at their next yield point; each feature's `close`, last used first. Neither the storage nor the
   * Fastify app is closed: their owner does that (the app first, the storage last).
   */
  close(): Promise<void>;
}

/** What taskcastPlugin needs of a Taskcast, kept off its public surface. */
interface Mountable {
  mount(app: FastifyInstance): Promise<void>;
}

const mountables = new WeakMap<object, Mountable>();

/** Mounts `taskcast`'s task API on `app` (the body of taskcastPlugin). */
export async function mountTaskcast(taskcast: Taskcast<TaskcastStorage>, app: FastifyInstance): Promise<void> {
  const mountable = mountables.get(taskcast);
  if (!mountable) throw new TaskcastUsageError('taskcastPlugin: options.taskcast must be what createTaskcast() returned');
  await mountable.mount(app);
}

/**
 * A Taskcast on `options.storage`: the engine is created now (options checked, InvalidOptionError naming a
 * wrong one); nothing runs until start().
 */
export function createTaskcast<S extends TaskcastStorage>(options: TaskcastOptions<S>): Taskcast<S> {
  const resolved = resolveOptions(options);
  const { storage } = options;
  const { logger } = resolved;
  const metrics = resolved.metrics ? new TaskcastMetrics(resolved.metrics) : null;
  metrics?.watchStore(storage.tasks);
  const engine = new TaskEngine({
    storage,
    logger,
    concurrency: resolved.concurrency,
    progressIntervalMs: resolved.progressIntervalMs,
    leaseMs: resolved.leaseMs,
    heartbeatMs: resolved.heartbeatMs,
    runTasks: resolved.runTasks,
    maxPrefetch: resolved.maxPrefetch,
    bus: resolved.bus,
    retentionHours: resolved.retentionHours,
    retentionSweepMs: resolved.retentionSweepMs,
    databaseRetryMs: resolved.databaseRetryMs,
    priorityAgingMs: resolved.priorityAgingMs,
    idempotencyWindowMs: resolved.idempotencyWindowMs,
    bulkRetryPerSecond: resolved.bulkRetryPerSecond,
    bulkRetryLimit: resolved.bulkRetryLimit,
    taskLogLines: resolved.taskLogLines,
    taskLogFlushMs: resolved.taskLogFlushMs,
    observer: metrics?.tasks,
  });
  const accounts: Accounts | undefined =
    'jwtSecret' in resolved.auth
      ? {
          users: storage.users,
          tokens: new TokenService(resolved.auth.jwtSecret, resolved.auth.tokenTtlSeconds),
          throttle: new LoginThrottle(resolved.auth.login.store ?? storage.loginAttempts, resolved.auth.login),
        }
      : undefined;
  const resolveCaller = 'resolveCaller' in resolved.auth ? resolved.auth.resolveCaller : undefined;
  const { allowedOrigins } = resolved.auth;
  if ('randomSecret' in resolved.auth && resolved.auth.randomSecret) {
    logger.warn(
      { option: 'auth.jwtSecret' },
      'auth.jwtSecret is not set: tokens are signed with a random secret of this process, and end with it; set one',
    );
  }

  const pending: { feature: Feature<never>; extra: object }[] = [];
  const enabled: EnabledFeature[] = [];
  let migrating: Promise<void> | null = null;
  let readying: Promise<void> | null = null;
  let starting: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  let mounted = false;
  let closeSockets: (() => void) | null = null;
  const userMessages = new UserMessages();

  const migrated = () => {
    migrating ??= resolved.migrate && storage.migrate ? storage.migrate() : Promise.resolve();
    return migrating;
  };

  async function setUp(): Promise<void> {
    await migrated();
    const deps: TaskcastDeps<S> = { engine, logger, storage, metrics, userMessages };
    for (const { feature, extra } of pending) {
      const features = await feature.setup({ ...extra, ...deps } as never);
      enabled.push(features);
      for (const taskType of features.taskTypes ?? []) {
        checkTaskType(taskType);
        engine.defineTaskType(taskType);
      }
      logger.info({ feature: feature.name }, 'feature set up');
    }
  }

  const taskcast: Taskcast<S> = {
    engine,
    storage,
    metrics,
    use(item: AnyTaskType | Feature<never>, ...extra: object[]) {
      if (readying) throw new TaskcastUsageError('use() must come before ready(), start() and the plugin');
      if (typeof item === 'object' && item !== null && typeof (item as Feature<never>).setup === 'function') {
        pending.push({ feature: item as Feature<never>, extra: extra[0] ?? {} });
      } else {
        checkTaskType(item as AnyTaskType);
        engine.defineTaskType(item as AnyTaskType);
      }
      return this;
    },
    ready() {
      readying ??= setUp();
      return readying;
    },
    async addUser(user) {
      if (!accounts)
        throw new TaskcastUsageError("addUser() needs Taskcast's own accounts; with auth.resolveCaller the application has its own");
      const input = parseInput(newUserSchema, user, 'user');
      await migrated();
      const row = await accounts.users.insertUser({
        username: input.username,
        role: input.role,
        email: input.email ?? null,
        password_hash: await hashPassword(input.password),
      });
      logger.info({ user_id: row.id, role: row.role }, 'user created');
      return publicUser(row);
    },
    start() {
      if (closing) return Promise.reject(new TaskcastUsageError('start() after close()'));
      starting ??= taskcast.ready().then(() => engine.start());
      return starting;
    },
    close() {
      closing ??= (async () => {
        closeSockets?.();
        // A setup still under way (a feature starting its own servers) finishes first, so what it opened is closed.
        await readying?.catch(() => {});
        await starting?.catch(() => {});
        await engine.stop(resolved.shutdownGraceMs);
        for (const feature of [...enabled].reverse()) await feature.close?.();
      })();
      return closing;
    },
  };

  mountables.set(taskcast, {
    async mount(app) {
      if (mounted) throw new TaskcastUsageError('taskcastPlugin: this Taskcast is already mounted; register it once');
      if (closing) throw new TaskcastUsageError('taskcastPlugin: this Taskcast is closed');
      mounted = true;
      await taskcast.ready();
      metrics?.mount(app);
      const sockets = await mountTaskApi(app, {
        engine,
        accounts,
        resolveCaller,
        allowedOrigins,
        logger,
        sockets: resolved.sockets,
        trustProxy: resolved.trustProxy,
        rateLimit: resolved.rateLimit,
        routes: enabled.flatMap((f) => (f.routes ? [f.routes] : [])),
        socketObserver: metrics?.sockets,
        userMessages,
      });
      closeSockets = () => sockets.close();
    },
  });
  return taskcast;
}
