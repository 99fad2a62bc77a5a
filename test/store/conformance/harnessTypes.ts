/** What every conformance suite is given: a way to open (and drop) a fresh database of one backend. */
import type { Storage } from '../../../src/store/index.js';

/** A fresh database of one backend. */
export interface StoreHarness {
  /** A new, migrated connection to the same database (a second call acts like another process). */
  open(): Promise<Storage>;
  /** Closes what is open and removes the database. */
  drop(): Promise<void>;
}

/** The storage of the running test (opened fresh before each one). */
export type CurrentStorage = () => Storage;
