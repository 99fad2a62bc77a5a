/** Buses that carry task changes and cancel requests between nodes: PostgreSQL LISTEN/NOTIFY or Redis pub/sub. */
export { PostgresBus } from './PostgresBus.js';
export { RedisBus } from './RedisBus.js';
export { databaseBusNamespace } from './busNamespace.js';
export { BusOutbox, decodeBusMessage, MAX_MESSAGE_BYTES, type BusMessage } from './BusOutbox.js';
