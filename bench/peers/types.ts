/** One peer's figures for the workload `bench:engine` runs on Taskcast (see bench/peers/run.ts). */
export interface PeerResult {
  peer: string;
  backend: 'postgres' | 'redis';
  /** The settings used, human readable. */
  config: string;
  /** Jobs/s: from the start of the bulk enqueue to the moment the last job's completion was final. */
  throughput: number;
  /** Enqueue → handler start, p50 and p99 in ms over `latencyJobs` sequential jobs (null if not measured). */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export interface PeerOptions {
  /** Jobs enqueued in bulk for the throughput run (default 20000). */
  jobs: number;
  /** Jobs run at once (default 10). */
  concurrency: number;
  /** Sequential jobs for the latency run (default 500; 0 skips it). */
  latencyJobs: number;
  /** Called around the throughput run, with the peer's schema (bench:pgcounts reads PostgreSQL's counters). */
  hooks?: PeerHooks;
}

/** The application_name of a peer's own bookkeeping connection (polling for the end of a run), not the queue's. */
export const PEER_ADMIN_APPLICATION = 'bench-peer-admin';

/** What bench:pgcounts does around a peer's throughput run (graphile-worker only). */
export interface PeerHooks {
  /** Schema installed and workers started, just before the jobs are enqueued. */
  beforeEnqueue(schema: string): Promise<void>;
  /** The run over and every connection of the peer closed, before its schema is dropped. */
  afterClose(schema: string): Promise<void>;
}

export const DEFAULT_PEER_OPTIONS: PeerOptions = { jobs: 20_000, concurrency: 10, latencyJobs: 500 };
