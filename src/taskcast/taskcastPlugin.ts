import type { FastifyPluginAsync } from 'fastify';
import { mountTaskcast, type Taskcast, type TaskcastStorage } from './createTaskcast.js';

/** Options of {@link taskcastPlugin} (Fastify's `prefix` applies to the routes and the sockets alike). */
export interface TaskcastPluginOptions {
  taskcast: Taskcast<TaskcastStorage>;
}

/**
 * The Fastify plugin that mounts a Taskcast on an application: `GET /api/v1/tasks`, `GET /api/v1/tasks/:id`,
 * `POST /api/v1/tasks/:id/cancel`, `POST /api/v1/tasks/cleanup`, `GET /api/v1/auth/me`, with Taskcast's own
 * accounts also `POST /api/v1/auth/login` and `/api/v1/users`, the routes of the features, and the sockets
 * `/api/v1/ws/tasks[/:id]`. Every route of it — under `/api/` or not — but those marked `config: { public: true }`
 * (log-in), and every socket, identifies its caller first; a caller sees only the tasks visible to them. Its
 * hooks and error handler stay inside it: the application's other routes are not touched. Register it once per
 * Taskcast, after every `use`.
 */
export const taskcastPlugin: FastifyPluginAsync<TaskcastPluginOptions> = async (app, options) => {
  await mountTaskcast(options.taskcast, app);
};
