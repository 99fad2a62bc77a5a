/**
 * A Taskcast cluster of real processes on one fresh PostgreSQL database: a 1C simulator, serve nodes
 * (HTTP + WebSocket, `TASKCAST_RUN_TASKS=false`) and workers, with the PostgreSQL or the Redis bus. Each
 * process is started with `node --import tsx <entry>` and is ready when it prints its address; the
 * harness never sleeps. `close()` kills whatever still runs and drops the database. No vitest here: the
 * benchmark (bench/cluster) builds its clusters with it too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { NodeProcess, type Exit } from './processes.js';
import { UNLIMITED_LOGIN_ENV } from '../support/loginLimits.js';
import { UNLIMITED_RATE_ENV } from '../support/rateLimits.js';

/** The PostgreSQL server of the cluster databases (trust auth on this machine and in CI). */
export const CLUSTER_PG_URL = process.env.TASKCAST_TEST_PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The Redis of the Redis-bus variant. */
export const CLUSTER_REDIS_URL = process.env.TASKCAST_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Password of `admin`, created by the first serve node. */
export const ADMIN_PASSWORD = 'cluster-admin-password';

/** Which bus carries changes and cancel requests between the nodes. */
export type BusKind = 'postgres' | 'redis';

/** A database of its own; `drop` removes it, whoever is still connected. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates `tc_<random>` on {@link CLUSTER_PG_URL}. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tc_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    name,
    url: `${CLUSTER_PG_URL}/${name}`,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${CLUSTER_PG_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A started serve node: its HTTP and WebSocket base URLs. */
export interface ServeNode {
  kind: 'serve';
  name: string;
  process: NodeProcess;
  url: string;
  wsUrl: string;
}

/** A started worker: its lease owner id (what `tasks.lease_owner` holds while it runs a task). */
export interface WorkerNode {
  kind: 'worker';
  name: string;
  process: NodeProcess;
  leaseOwner: string;
}

/** What the cluster's processes are started with. */
export interface ClusterOptions {
  bus: BusKind;
  /** Environment of the simulator (ONEC_SIM_*); its port is always picked by the system. */
  simulatorEnv?: Record<string, string>;
  /** Environment added to every serve node and worker (e.g. TASKCAST_HEARTBEAT_MS). */
  env?: Record<string, string>;
  /** Environment added to workers only. */
  workerEnv?: Record<string, string>;
  /** Entry of the workers, relative to the repository root. Default src/cli/worker.ts. */
  workerEntry?: string;
  /** Entry of the serve nodes, relative to the repository root. Default src/cli/serve.ts. */
  serveEntry?: string;
  /** Whether to start a 1C simulator (ONEC_URL). Default true. */
  simulator?: boolean;
}

/**
 * The processes of one cluster, by name. Nodes may be stopped, killed and started again under the same
 * name (same data directory); the database and the simulator live as long as the cluster.
 */
export class Cluster {
  readonly db: TestDatabase;
  /** The simulator's OData base URL (ONEC_URL), or null without one. */
  readonly simulatorUrl: string | null;
  private readonly secret = randomBytes(24).toString('hex');
  private readonly dataRoot = mkdtempSync(join(tmpdir(), 'taskcast-cluster-'));
  private readonly nodes = new Map<string, ServeNode | WorkerNode>();
  private readonly simulator: NodeProcess | null;
  /** A pool on the cluster's database, for assertions on what is stored. */
  readonly sql: pg.Pool;

  private constructor(
    readonly options: ClusterOptions,
    db: TestDatabase,
    simulator: NodeProcess | null,
    simulatorUrl: string | null,
  ) {
    this.db = db;
    this.simulator = simulator;
    this.simulatorUrl = simulatorUrl;
    this.sql = new pg.Pool({ connectionString: db.url, max: 3 });
    this.sql.on('error', () => {});
  }

  /** A fresh database and (unless disabled) a simulator; no node yet. */
  static async create(options: ClusterOptions): Promise<Cluster> {
    const db = await createTestDatabase();
    if (options.simulator === false) return new Cluster(options, db, null, null);
    const sim = new NodeProcess('onec-sim', 'src/onec/simulator/main.ts', { ONEC_SIM_PORT: '0', ...options.simulatorEnv });
    try {
      const [, url] = await sim.waitForOutput(/1C OData simulator: (http\S+)/);
      return new Cluster(options, db, sim, url!);
    } catch (err) {
      await sim.kill();
      await db.drop();
      throw err;
    }
  }

  /** The simulator's admin API base (…/_sim/). */
  get simulatorAdminUrl(): string {
    return new URL('/_sim/', this.simulatorUrl!).toString();
  }

  private env(name: string): Record<string, string> {
    return {
      DATABASE_URL: this.db.url,
      TASKCAST_JWT_SECRET: this.secret,
      TASKCAST_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TASKCAST_DATA_DIR: join(this.dataRoot, name),
      LOG_LEVEL: 'warn',
      // Without a simulator, a URL nothing listens on: no sync runs, and no embedded demo simulator starts.
      ONEC_URL: this.simulatorUrl ?? 'http://127.0.0.1:9/unused/odata/standard.odata/',
      ONEC_TIMEOUT_MS: '5000',
      ONEC_MAX_ATTEMPTS: '3',
      // Tests and benchmarks log in many times; the log-in limits' own tests set theirs in `env`.
      ...UNLIMITED_LOGIN_ENV,
      // Nor the HTTP and socket rate limits (clients of one user open many sockets); their tests set theirs.
      ...UNLIMITED_RATE_ENV,
      ...(this.options.bus === 'redis' ? { REDIS_URL: CLUSTER_REDIS_URL } : {}),
      ...this.options.env,
    };
  }

  /** Starts a serve node (HTTP + WebSocket only) on a port the system picks; resolves once it listens. */
  async serve(name: string, env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ServeNode> {
    const proc = new NodeProcess(
      `serve-${name}`,
      this.options.serveEntry ?? 'src/cli/serve.ts',
      { ...this.env(name), PORT: '0', TASKCAST_RUN_TASKS: 'false', ...env },
      nodeArgs,
    );
    const node = { kind: 'serve' as const, name, process: proc, url: '', wsUrl: '' };
    this.nodes.set(name, node);
    const [, url] = await proc.waitForOutput(/Taskcast: (http:\/\/\S+)/);
    // The server listens on 127.0.0.1; "localhost" could resolve to ::1 first.
    node.url = url!.replace('localhost', '127.0.0.1');
    node.wsUrl = node.url.replace('http://', 'ws://');
    return node;
  }

  /** Starts a worker; resolves once it runs (its bus listening, its runner claiming). */
  async worker(name: string, env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<WorkerNode> {
    const entry = this.options.workerEntry ?? 'src/cli/worker.ts';
    const proc = new NodeProcess(`worker-${name}`, entry, { ...this.env(name), ...this.options.workerEnv, ...env }, nodeArgs);
    const node = { kind: 'worker' as const, name, process: proc, leaseOwner: '' };
    this.nodes.set(name, node);
    const [, owner] = await proc.waitForOutput(/Taskcast worker (\S+) running/);
    node.leaseOwner = owner!;
    return node;
  }

  /** The serve node of that name. */
  serveNode(name: string): ServeNode {
    const node = this.nodes.get(name);
    if (node?.kind !== 'serve') throw new Error(`no serve node ${name}`);
    return node;
  }

  /** The worker of that name. */
  workerNode(name: string): WorkerNode {
    const node = this.nodes.get(name);
    if (node?.kind !== 'worker') throw new Error(`no worker ${name}`);
    return node;
  }

  /** Every node started under a name (the latest process of each). */
  all(): (ServeNode | WorkerNode)[] {
    return [...this.nodes.values()];
  }

  /** The worker whose lease owner id this is. */
  workerByOwner(owner: string): WorkerNode | undefined {
    return this.all().find((n): n is WorkerNode => n.kind === 'worker' && n.leaseOwner === owner);
  }

  /** Starts again, under the same name and environment, every node whose process has exited. */
  async restartExited(): Promise<void> {
    await Promise.all(
      this.all()
        .filter((n) => !n.process.running)
        .map((n) => (n.kind === 'serve' ? this.serve(n.name) : this.worker(n.name))),
    );
  }

  /** SIGTERM to the given nodes at once; their exits, by name. */
  async terminate(nodes: (ServeNode | WorkerNode)[]): Promise<Record<string, Exit>> {
    const exits = await Promise.all(nodes.map((n) => n.process.terminate()));
    return Object.fromEntries(nodes.map((n, i) => [n.name, exits[i]!]));
  }

  /** Logs in over HTTP on `node`; the token is valid on every node (they share the secret). */
  async login(node: ServeNode, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const res = await fetch(`${node.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login on ${node.name} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  /** Output of every process, for a failure message. */
  output(): string {
    return [this.simulator, ...this.all().map((n) => n.process)].flatMap((p) => (p ? [p.output()] : [])).join('\n');
  }

  /** Kills every process of the cluster, drops its database and removes the data directories. */
  async close(): Promise<void> {
    await Promise.all([this.simulator, ...this.all().map((n) => n.process)].map((p) => p?.kill()));
    await this.sql.end().catch(() => {});
    await this.db.drop();
    rmSync(this.dataRoot, { recursive: true, force: true });
  }
}
