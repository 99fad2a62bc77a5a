import { shouldRunPostgres } from '../support/postgres.js';
import { describeLoginLimits } from './describeLoginLimits.js';
import { shouldRunRedis } from './redis.js';

// The counts in Redis (REDIS_URL as well as DATABASE_URL).
describeLoginLimits('redis', (await shouldRunPostgres()) && (await shouldRunRedis()));
