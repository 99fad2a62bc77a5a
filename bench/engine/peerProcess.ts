import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PeerName } from '../peers/run.js';
import type { PeerResult } from '../peers/types.js';

/**
 * One run of a peer queue (throughput, then latency) in a child process (`bench/peers/run.ts`), so its
 * libraries and connections share nothing with Taskcast's. Null, with the reason logged, when it failed.
 */
export async function runPeerProcess(name: PeerName, log: (line: string) => void): Promise<PeerResult | null> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/peers/run.ts', name], {
      maxBuffer: 1 << 20,
      timeout: 300_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as PeerResult;
  } catch (err) {
    log(`peer ${name} failed: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}
