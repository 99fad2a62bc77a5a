// A retry listener per task rather than per client: one ODataClient serves every sync task of a node, and its
// `onRetry` option cannot tell them apart. A task runs its 1C reads inside withODataRetryHook, and every retry of a
// request made in that async context — whatever client makes it — is told to that task's listener (its ctx.log).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ODataRetryEvent } from './clientOptions.js';

/** What a context's retry listener receives: the client's retry event, the entity set asked for and the attempt limit. */
export interface ODataRequestRetry extends ODataRetryEvent {
  /** The entity set asked for (`Catalog_Контрагенты`; a `$count` is its set's). */
  entity: string;
  /** Most attempts of one request (ONEC_MAX_ATTEMPTS). */
  maxAttempts: number;
}

/** Told of one retry of a request to 1C; must not throw. */
export type ODataRetryListener = (retry: ODataRequestRetry) => void;

const listeners = new AsyncLocalStorage<ODataRetryListener>();

/** Runs `body` with `listener` told of every retry of a 1C request made within it (and whatever it awaits). */
export function withODataRetryHook<T>(listener: ODataRetryListener, body: () => T): T {
  return listeners.run(listener, body);
}

/** The retry listener of the current async context, if any. */
export function currentRetryListener(): ODataRetryListener | undefined {
  return listeners.getStore();
}
