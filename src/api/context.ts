import type { TokenService, Caller, UserStore } from '../auth/index.js';
import type { TaskEngine } from '../engine/index.js';

/** What the API needs of the database besides the engine: the accounts, and which backend answers /healthz. */
export interface ApiStorage {
  readonly kind: string;
  readonly users: UserStore;
}

/** What the HTTP and WebSocket layers are built from. */
export interface ApiContext {
  engine: TaskEngine;
  storage: ApiStorage;
  tokens: TokenService;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set for every /api route but login). */
    caller: Caller;
  }
}
