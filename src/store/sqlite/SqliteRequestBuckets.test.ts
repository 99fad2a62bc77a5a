import { describeRequestBucketStore } from '../../../test/store/conformance/describeRequestBucketStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';

// Two connections to one temporary SQLite file.
describeRequestBucketStore('SQLite', async () => {
  const harness = await sqliteHarness();
  const [a, b] = [await harness.open(), await harness.open()];
  return { a: a.requestBuckets, b: b.requestBuckets, close: () => harness.drop() };
});
