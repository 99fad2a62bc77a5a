import type { TokenService, Caller } from '../auth/index.js';
import type { TaskEngine } from '../engine/index.js';
import type { Storage } from '../store/index.js';

/** What the HTTP and WebSocket layers are built from. */
export interface ApiContext {
  engine: TaskEngine;
  storage: Storage;
  tokens: TokenService;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set for every /api route but login). */
    caller: Caller;
  }
}
