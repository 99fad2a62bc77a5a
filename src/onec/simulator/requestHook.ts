// Two things a test or a demo injects into the simulator instead of switching on test-only code paths: a hook run
// before each OData answer (to change the data in the middle of a page sequence) and a user limited by
// record-level access rules (RLS), who sees the documents of one organisation only.
import type { WireRecord } from '../wire/index.js';
import type { SimulatorData } from './SimulatorData.js';

/** What the request hook learns about an OData request. */
export interface HookedRequest {
  /** 1-based number of the OData request since the simulator started (as in the stats). */
  number: number;
  /** The decoded path after the OData base: `Document_…`, `Catalog_…(guid'…')`, `Document_…/$count`, '' for the service document. */
  path: string;
  /** Decoded query parameters (`$skip`, `$top`, `$filter`, …). */
  params: ReadonlyMap<string, string>;
  /** The user of the request (HTTP Basic), '' when none was sent. */
  user: string;
}

/** Runs before a request is answered (after authentication); the answer waits for the promise it returns. */
export type RequestHook = (request: HookedRequest, data: SimulatorData) => void | Promise<void>;

/** A user whose record-level access rules show only the bank documents of one organisation. */
export interface RestrictedUser {
  user: string;
  password: string;
  /** Организация_Key of the organisation whose documents the user may read. */
  organisation: string;
}

/** What a request may see: everything, or only one organisation's documents (and whether it asked allowedOnly). */
export interface Visibility {
  /** The organisation the user is limited to; null: no restriction. */
  organisation: string | null;
  /** The request carried allowedOnly=true: hidden records are skipped instead of failing the request. */
  allowedOnly: boolean;
}

/** Everything visible (the ordinary user). */
export const FULL_VISIBILITY: Visibility = { organisation: null, allowedOnly: false };

/** True when the record is hidden from the user by the rules (only records with an Организация_Key are restricted). */
export function isHidden(record: WireRecord, visibility: Visibility): boolean {
  if (visibility.organisation === null) return false;
  const organisation = record.Организация_Key;
  return typeof organisation === 'string' && organisation.toLowerCase() !== visibility.organisation;
}
