import { describe } from 'vitest';
import { describeRequestBucketStore } from '../../../test/store/conformance/describeRequestBucketStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  // Two pools on one fresh schema.
  describeRequestBucketStore('PostgreSQL', async () => {
    const harness = await postgresHarness();
    const [a, b] = [await harness.open(), await harness.open()];
    return { a: a.requestBuckets, b: b.requestBuckets, close: () => harness.drop() };
  });
});
