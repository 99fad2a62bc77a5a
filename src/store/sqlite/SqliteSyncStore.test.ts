import { describeSyncStore } from '../conformance/describeSyncStore.js';
import { sqliteHarness } from '../conformance/harnesses.js';

describeSyncStore('SQLite', sqliteHarness);
