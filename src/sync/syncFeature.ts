import { demoPeriod, ODataClient, startSimulator, TokenBucketGate, type RunningSimulator } from '../onec/index.js';
import type { Feature, FeatureDeps } from '../api/index.js';
import { defineTaskType } from '../taskcast/index.js';
import type { Config } from '../config/index.js';
import type { TokenBucket } from '../onec/index.js';
import type { SyncStore } from './syncStore.js';
import { bankTransactionsSync, type BankSyncPayload } from './bankTransactionsSync.js';
import { seedDefaultClassification } from './classify/defaultClassification.js';
import { contractorsSync } from './contractorsSync.js';
import { dataRoutes } from './routes/dataRoutes.js';
import { syncRoutes, type SyncSourceInfo } from './routes/syncRoutes.js';
import { BANK_SYNC_TYPE, CONTRACTORS_SYNC_TYPE } from './taskTypes.js';
import { syncRetryPolicy } from './retryPolicy.js';
import { bankSyncParams, checkBankSyncPayload, checkContractorsPayload } from './syncPayloads.js';
import { countedDocuments, countedRequests, type SyncMetrics } from './syncMetrics.js';
import { loggedRetries } from './retryLog.js';

/** Size of the demo data set of the embedded simulator. */
export const DEMO_DATA = { seed: 1, contractors: 200, documents: 6000 } as const;

/** What the 1C sync needs besides the engine: its settings, its store and the shared 1C request buckets. */
export interface SyncFeatureDeps extends FeatureDeps {
  config: Config;
  storage: { readonly sync: SyncStore; readonly requestBuckets: TokenBucket };
  /**
   * The pace of requests to this 1C base, shared with every node and task: the host passes Redis's when there is
   * one (no database write per request); else the database's, which every node shares.
   */
  requestBuckets?: TokenBucket;
  /** The node's metrics when they are on (createTaskcast passes them): 1C requests and documents synced are counted. */
  metrics?: SyncMetrics | null;
}

/**
 * The 1C sync: its task types, routes, default classification and, when ONEC_URL is unset, the embedded
 * 1C simulator with a demo data set (from the start of last year to today). The server uses it on its
 * Taskcast (`taskcast.use(syncFeature, { config })`), as an embedding application uses its own features.
 */
export const syncFeature: Feature<SyncFeatureDeps> = {
  name: '1c-sync',
  async setup({ config, storage, requestBuckets, logger, metrics }) {
    let simulator: RunningSimulator | null = null;
    let url = config.ONEC_URL;
    if (!url) {
      // From the start of last year to today: the current month has data and nothing lies in the future.
      simulator = await startSimulator({
        ...DEMO_DATA,
        ...demoPeriod(),
        ...(config.ONEC_USER ? { user: config.ONEC_USER, password: config.ONEC_PASSWORD ?? '' } : {}),
        faults: { latencyMs: config.ONEC_SIM_LATENCY_MS },
      });
      url = simulator.url;
      logger.warn({ url, ...DEMO_DATA }, 'ONEC_URL is not set: using the embedded 1C simulator with demo data');
    }
    const onBucketError = (err: unknown) =>
      logger.warn({ err }, 'the shared 1C request bucket is unreachable: pacing requests to 1C in this process alone');
    const gate =
      config.ONEC_MAX_RPS > 0
        ? new TokenBucketGate(requestBuckets ?? storage.requestBuckets, url, config.ONEC_MAX_RPS, onBucketError)
        : null;
    const client = new ODataClient(
      {
        url,
        user: config.ONEC_USER ?? '',
        password: config.ONEC_PASSWORD ?? '',
        timeoutMs: config.ONEC_TIMEOUT_MS,
        maxAttempts: config.ONEC_MAX_ATTEMPTS,
        allowedOnly: config.ONEC_ALLOWED_ONLY,
        maxQueryBytes: config.ONEC_MAX_QUERY_BYTES,
        pageSize: config.ONEC_PAGE_SIZE,
        maxConcurrency: config.ONEC_MAX_CONCURRENCY,
        onRequest: countedRequests(metrics),
      },
      { gate },
    );
    if (config.ONEC_ALLOWED_ONLY)
      logger.warn({}, 'ONEC_ALLOWED_ONLY is on: 1C queries skip records hidden by access rights, and the bank sync deletes nothing');
    const store = storage.sync;
    if (await seedDefaultClassification(store)) logger.info({}, 'created the default transaction categories and rules');
    // An attempt that failed for a reason that may pass (see syncFailure), or whose process died: the next attempt,
    // after the backoff (or 1C's Retry-After), resumes from the last committed batch.
    const retry = syncRetryPolicy(config);
    const taskTypes = [
      defineTaskType<BankSyncPayload>({
        type: BANK_SYNC_TYPE,
        shared: true,
        singleton: true,
        ...retry,
        checkPayload: checkBankSyncPayload,
        publicParams: bankSyncParams,
        handler: countedDocuments(
          'bank_transactions',
          loggedRetries(
            bankTransactionsSync(client, store, {
              shiftRereads: config.ONEC_SHIFT_REREADS,
              readConcurrency: config.ONEC_MAX_CONCURRENCY,
            }),
          ),
          metrics,
        ),
      }),
      defineTaskType({
        type: CONTRACTORS_SYNC_TYPE,
        shared: true,
        singleton: true,
        ...retry,
        checkPayload: checkContractorsPayload,
        handler: countedDocuments('contractors', loggedRetries(contractorsSync(client, store)), metrics),
      }),
    ];
    const info: SyncSourceInfo = { source: simulator ? 'simulator' : '1c', url: stripCredentials(url) };
    return {
      taskTypes,
      routes(app, ctx) {
        syncRoutes(app, ctx, info);
        dataRoutes(app, ctx, store);
      },
      async close() {
        await simulator?.close();
      },
    };
  },
};

function stripCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}
