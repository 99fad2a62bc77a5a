import type { TokenService, Caller, LoginAttemptStore, LoginThrottle, UserStore } from '../auth/index.js';
import type { TaskEngine } from '../engine/index.js';

/** What /healthz needs of the database: which backend it is, and a query that shows it answers. */
export interface ApiStorage {
  readonly kind: string;
  readonly users: UserStore;
  /** Failed log-ins, counted where every node sees them (the default store of the log-in limits). */
  readonly loginAttempts: LoginAttemptStore;
}

/** What the task routes and the routes of features are built from. */
export interface ApiContext {
  engine: TaskEngine;
}

/** Taskcast's own accounts: the users behind log-in and `/api/v1/users`, and the tokens they are issued. */
export interface Accounts {
  users: UserStore;
  tokens: TokenService;
  /** The log-in limits: checked before a password is verified, told of each failure and success. */
  throttle: LoginThrottle;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set for every route of the task API's context but the public ones). */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** A route of the task API's context that needs no caller (log-in, the web app's files); default false. */
    public?: boolean;
  }
}
