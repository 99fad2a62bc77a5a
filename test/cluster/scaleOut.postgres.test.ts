import { shouldRunPostgres } from '../support/postgres.js';
import { describeCluster } from './describeCluster.js';

// Nodes talk over PostgreSQL LISTEN/NOTIFY (DATABASE_URL only).
describeCluster('postgres', await shouldRunPostgres());
