// The whole simulated base from a seed and sizes. Deterministic: the same options give byte-identical records,
// because everything is drawn from one seeded sequence in a fixed order.
import { ONEC_SETS } from '../../wire/index.js';
import type { OneCSetName, WireRecord } from '../../wire/index.js';
import { DataVersionCounter } from '../dataVersion.js';
import { SeededRandom } from './SeededRandom.js';
import { RefGuidFactory } from './refGuids.js';
import { generateCatalogs } from './generateCatalogs.js';
import { generateDocuments } from './generateDocuments.js';
import type { ExpectedCategory } from './expectedCategories.js';

/** Sizes and period of a generated base. */
export interface DatasetOptions {
  /** Seed of the random sequence. */
  seed: number;
  /** Ordinary counterparties (ООО/АО/ИП); folders, 2 banks, the tax authority and a lender come on top. */
  contractors: number;
  /** Bank documents of both kinds together. */
  documents: number;
  /** First day of the period, YYYY-MM-DD. */
  from: string;
  /** Last day of the period, YYYY-MM-DD. */
  to: string;
}

/** Records of every set (documents sorted by Date) and the DataVersion counter to continue with. */
export interface Dataset {
  records: Record<OneCSetName, WireRecord[]>;
  versions: DataVersionCounter;
  /** Ref_Key of the one organisation all documents belong to. */
  organizationRef: string;
  /**
   * Ref_Key → the category each generated document is meant to have: the ground truth classification is scored
   * against, kept beside the data and never served over OData (1C has no such field).
   */
  expectedCategories: ReadonlyMap<string, ExpectedCategory>;
}

/** Generates a base; 100 000 documents take well under a second. */
export function generateDataset(options: DatasetOptions): Dataset {
  const random = new SeededRandom(options.seed);
  const guids = new RefGuidFactory(new SeededRandom(options.seed, 1));
  const year = Number(options.from.slice(0, 4));
  const catalogs = generateCatalogs(random, guids, options.contractors, year);
  const documents = generateDocuments(random, guids, catalogs, options.documents, options.from, options.to);
  const versions = new DataVersionCounter();
  const records: Record<OneCSetName, WireRecord[]> = {
    [ONEC_SETS.currencies]: catalogs.currencies,
    [ONEC_SETS.counterparties]: catalogs.counterparties,
    [ONEC_SETS.individuals]: catalogs.individuals,
    [ONEC_SETS.bankAccounts]: catalogs.bankAccounts,
    [ONEC_SETS.incomingPayments]: documents.incoming,
    [ONEC_SETS.outgoingPayments]: documents.outgoing,
  };
  for (const list of [
    catalogs.currencies,
    catalogs.counterparties,
    catalogs.individuals,
    catalogs.bankAccounts,
    documents.incoming,
    documents.outgoing,
  ]) {
    for (const record of list) record.DataVersion = versions.next();
  }
  return { records, versions, organizationRef: catalogs.organizationRef, expectedCategories: documents.expectedCategories };
}
