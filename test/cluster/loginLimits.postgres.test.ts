import { shouldRunPostgres } from '../support/postgres.js';
import { describeLoginLimits } from './describeLoginLimits.js';

// The counts in PostgreSQL (no REDIS_URL).
describeLoginLimits('postgres', await shouldRunPostgres());
