import { describe } from 'vitest';
import { describeSyncStore } from '../../../test/store/conformance/describeSyncStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeSyncStore('PostgreSQL', postgresHarness);
});
