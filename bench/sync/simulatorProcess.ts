/** The 1C simulator in a process of its own for the sync benchmarks, and one measured sync in another. */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What runSync.ts prints. */
export interface Measured {
  documents: number;
  seconds: number;
  docsPerSec: number;
  maxRssMb: number;
}

/** A running simulator: its OData URL and its counters (GET /_sim/stats). */
export interface SimulatorProcess {
  url: string;
  stats(): Promise<{ odataRequests: number; maxInFlight: number; maxRequestsPerSecond: number }>;
}

/** Runs `fn` with a simulator of `documents` (1 year, 2,000 counterparties) answering after `latencyMs`. */
export async function withSimulator<T>(documents: number, latencyMs: number, fn: (sim: SimulatorProcess) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/onec/simulator/main.ts'], {
    env: {
      ...process.env,
      ONEC_SIM_PORT: '0',
      ONEC_SIM_DOCUMENTS: String(documents),
      ONEC_SIM_CONTRACTORS: '2000',
      ONEC_SIM_LATENCY_MS: String(latencyMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+\/odata\/standard\.odata\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const stats = async () => (await (await fetch(new URL('/_sim/stats', url))).json()) as Awaited<ReturnType<SimulatorProcess['stats']>>;
  try {
    return await fn({ url, stats });
  } finally {
    child.kill('SIGTERM');
  }
}

/** One sync of 2025 in a process of its own, with these extra settings (e.g. ONEC_MAX_CONCURRENCY). */
export async function measure(kind: string, url: string, env: Record<string, string> = {}): Promise<Measured> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/sync/runSync.ts', kind, url, '2025-01-01', '2025-12-31'], {
    maxBuffer: 1 << 20,
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}
