import { describe } from 'vitest';
import { describeLoginAttemptStore } from '../../../test/store/conformance/describeLoginAttemptStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  // Two pools on one fresh schema.
  describeLoginAttemptStore('PostgreSQL', async () => {
    const harness = await postgresHarness();
    const [a, b] = [await harness.open(), await harness.open()];
    return { a: a.loginAttempts, b: b.loginAttempts, close: () => harness.drop() };
  });
});
