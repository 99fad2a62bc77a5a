import { describe } from 'vitest';
import { describeSyncStore } from '../conformance/describeSyncStore.js';
import { postgresHarness } from '../conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeSyncStore('PostgreSQL', postgresHarness);
});
