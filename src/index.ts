/**
 * Taskcast's public entry for an application of its own (package.json `"exports": { ".": … }`): create it on a
 * storage, use task types and features on it, mount it on Fastify, start it. docs/embedding.md walks through it;
 * examples/report-export uses nothing else. The React component is the `./react` entry (web/src/embed.ts).
 */
export {
  createTaskcast,
  defineTaskType,
  taskcastPlugin,
  InvalidOptionError,
  TaskcastUsageError,
  TASKCAST_DEFAULTS,
  type Taskcast,
  type TaskcastOptions,
  type TaskcastAuth,
  type LoginOptions,
  type RateLimitOptions,
  type EngineSettings,
  type TaskcastStorage,
  type TaskcastDeps,
  type FeatureExtra,
  type PublicUser,
  type TaskType,
  type AnyTaskType,
  type TaskcastPluginOptions,
} from './taskcast/index.js';

// Prometheus metrics (createTaskcast's `metrics` option; `taskcast.metrics` is one of these).
export { TaskcastMetrics, METRICS_DEFAULTS, type MetricsOptions } from './metrics/index.js';

// Storage: the two backends.
export {
  openSqlite,
  openPostgres,
  MigrationError,
  type SqliteOptions,
  type SqliteStorage,
  type PostgresOptions,
  type PostgresStorage,
  type Storage,
  RedisRateBuckets,
} from './store/index.js';

// The engine: what a handler receives, what a task is, and the errors it throws.
export {
  TASK_STATUSES,
  FINAL_STATUSES,
  isFinalStatus,
  isUuid,
  TaskcastError,
  TaskNotFoundError,
  TaskNotCancellableError,
  InvalidTransitionError,
  UnknownTaskTypeError,
  DuplicateTaskTypeError,
  TaskCancelledError,
  TaskAlreadyActiveError,
  LeaseLostError,
  TaskNotRetryableError,
  NonRetryableError,
  RetryAfterError,
  InvalidTaskInputError,
  PRIORITY_MIN,
  PRIORITY_MAX,
  DEFAULT_BACKOFF,
  type Backoff,
  type TaskDetails,
  type TaskAttempt,
  type TaskEngine,
  type TaskContext,
  type TaskHandler,
  type TaskTypeDefinition,
  type EnqueueInput,
  type Task,
  type TaskStatus,
  type Json,
  type Logger,
  type TaskBus,
} from './engine/index.js';

// The HTTP side: features, callers, and what feature routes use.
export {
  visibleTask,
  requireRole,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  InvalidCallerError,
  CallerResolverError,
  OriginNotAllowedError,
  SOCKET_DEFAULTS,
  API_RATE_DEFAULTS,
  MemoryRateBuckets,
  RateLimitedError,
  type RateBuckets,
  type BucketTake,
  type AllowedOrigins,
  type Feature,
  type FeatureDeps,
  type EnabledFeature,
  type FeatureRoutes,
  type ApiContext,
  type CallerRequest,
  type ResolveCaller,
  type SocketOptions,
} from './api/index.js';

// Accounts: who a caller is.
export {
  InvalidTokenError,
  UsernameTakenError,
  USER_ROLES,
  LOGIN_DEFAULTS,
  LoginThrottledError,
  type Caller,
  type UserRole,
  type LoginLimits,
  type LoginAttemptStore,
  type LoginFailurePolicy,
} from './auth/index.js';
