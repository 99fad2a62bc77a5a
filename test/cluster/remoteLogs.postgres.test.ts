import { shouldRunPostgres } from '../support/postgres.js';
import { describeRemoteLogs } from './describeRemoteLogs.js';

// Nodes talk over PostgreSQL LISTEN/NOTIFY (DATABASE_URL only).
describeRemoteLogs('postgres', await shouldRunPostgres());
