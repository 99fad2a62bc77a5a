/**
 * What goes over the wire: the shapes the HTTP API and the task socket send, in one place, imported by the
 * server (src/engine, src/sync, src/api) and the web app (web/src/api). Types and a few constants only: it
 * imports nothing, so the browser bundle takes it as it is.
 */
export * from './tasks.js';
export * from './sync.js';
export * from './data.js';
export * from './users.js';
export * from './schedules.js';
export * from './metrics.js';
export * from './notifications.js';
