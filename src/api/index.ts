/** The HTTP and WebSocket API. */
export { buildApp, type AppOptions } from './buildApp.js';
export { mountTaskApi, type TaskApiOptions } from './taskApi.js';
export type { SocketOptions } from './ws/taskSockets.js';
export type { SocketObserver } from './ws/socketObserver.js';
export { SOCKET_DEFAULTS } from './ws/socketDefaults.js';
export { UserMessages } from './ws/UserMessages.js';
export { API_RATE_DEFAULTS } from './rateLimit/rateLimitDefaults.js';
export { bucketTake, type BucketTake, type RateBuckets } from '../engine/index.js';
export { MemoryRateBuckets } from './rateLimit/MemoryRateBuckets.js';
export type { ApiRateSettings } from './rateLimit/apiRateLimit.js';
export { OriginNotAllowedError, parseOrigin, type AllowedOrigins } from './origins.js';
export { redactUrl } from './redactUrl.js';
export { checkTrustedProxies, clientAddressOf, fastifyTrustProxy, type TrustedProxies } from './clientAddress.js';
export type { ApiContext, ApiStorage, Accounts } from './context.js';
export type { Feature, FeatureDeps, EnabledFeature, FeatureRoutes } from './feature.js';
export { InvalidCallerError, CallerResolverError, type CallerRequest, type ResolveCaller } from './callers.js';
export {
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  StorageUnavailableError,
  RateLimitedError,
  ERROR_STATUS,
} from './errors.js';
export { parseInput, queryInt, queryString, bodyId, pathId, isIdText, MAX_ID } from './validation.js';
export { requireRole } from './authenticate.js';
export { visibleTask } from './routes/taskRoutes.js';
export { newUserSchema, publicUser } from './routes/userRoutes.js';
