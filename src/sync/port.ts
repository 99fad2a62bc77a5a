/**
 * The 1C sync's storage port, what src/store implements: importable on its own, without loading the sync
 * feature (its routes, the 1C client, the simulator) that src/sync/index.ts also exports.
 */
export type * from './syncStore.js';
export { CategoryNameTakenError } from './syncStore.js';
