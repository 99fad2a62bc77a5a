/** Taskcast for embedding: createTaskcast, defineTaskType and the Fastify plugin. The only public entry of src/taskcast. */
export {
  createTaskcast,
  type Taskcast,
  type TaskcastStorage,
  type TaskcastDeps,
  type FeatureExtra,
  type PublicUser,
} from './createTaskcast.js';
export { defineTaskType, type TaskType, type AnyTaskType } from './defineTaskType.js';
export { taskcastPlugin, type TaskcastPluginOptions } from './taskcastPlugin.js';
export type { TaskcastOptions, TaskcastAuth, EngineSettings, LoginOptions, RateLimitOptions } from './taskcastOptions.js';
export { InvalidOptionError, TaskcastUsageError } from './errors.js';
export { TASKCAST_DEFAULTS } from './defaults.js';
