/** Files only the account that runs Taskcast may read: the data directory, the database, the secrets. */
export { ensurePrivateDir, ensurePrivateFile, narrowToOwner } from './privateFiles.js';
