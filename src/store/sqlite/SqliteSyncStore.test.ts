import { describeSyncStore } from '../../../test/store/conformance/describeSyncStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';

describeSyncStore('SQLite', sqliteHarness);
