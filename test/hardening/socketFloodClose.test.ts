/**
 * Issue 13 on a real server process (SQLite, default socket limits): a socket that breaks the incoming rules — more
 * messages than TASKCAST_WS_MESSAGES_PER_S (20, bursts of 40), or one message larger than
 * TASKCAST_WS_MAX_MESSAGE_BYTES (4096, up to 16 MiB sent) — is closed within 1 s with 1008 and a reason saying which,
 * again and again, while the server's resident memory stays within +50 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { killAllChildren, type NodeProcess } from '../cluster/processes.js';
import { openSocket } from '../support/sockets.js';
import { startServeProcess } from './support/serveProcess.js';

const ROUNDS = Number(process.env.TASKCAST_TEST_FLOOD_ROUNDS ?? 20);
const RSS_MARGIN_MB = 50;
const PASSWORD = 'flood-close-password';

/** Resident set size of a process, MB (from /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/**
 * Resolves once the server closed the socket: the code and reason of its close frame, ms from `since` until that frame
 * arrived, and until the connection ended. (The server stops reading a client that broke the rules, so it never reads
 * the client's answering close frame: it cuts the connection after its close grace, 1 s, instead.) The frame's arrival
 * is ws's receiver `conclude` event, which its `close` event waits for the connection's end to report.
 */
function closed(ws: WebSocket, since: number): Promise<{ code: number; reason: string; ms: number; endedMs: number }> {
  const receiver = (ws as unknown as { _receiver: { once(e: 'conclude', l: (code: number, reason: Buffer) => void): void } })._receiver;
  const frame = new Promise<{ code: number; reason: string; ms: number }>((resolve) =>
    receiver.once('conclude', (code, reason) => resolve({ code, reason: reason.toString(), ms: performance.now() - since })),
  );
  const ended = new Promise<number>((resolve) => ws.once('close', () => resolve(performance.now() - since)));
  return Promise.all([frame, ended]).then(([f, endedMs]) => ({ ...f, endedMs }));
}

/** `promise`, or a failure naming `what` after 10 s. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within 10 s`)), 10_000)),
  ]);
}

describe('a flooding socket is closed within 1 s with 1008 (issue 13)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskcast-flood-close-'));
  let server: NodeProcess;
  let wsUrl: string;

  beforeAll(async () => {
    const started = await startServeProcess('serve-flood-close', PASSWORD, { TASKCAST_DATA_DIR: dataDir });
    server = started.process;
    wsUrl = `${started.url.replace('http', 'ws')}/api/v1/ws/tasks?token=${started.token}`;
  }, 240_000);

  afterAll(async () => {
    await server?.kill();
    await killAllChildren();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds of a message flood and of an oversized message: each closed within 1 s, memory within +${RSS_MARGIN_MB} MB`, async () => {
    // Warm-up: one socket of each kind, so the baseline includes what a socket itself needs.
    const warm = await openSocket(wsUrl);
    await warm.close();
    const baseline = rssMb(server.pid);
    let maxRss = baseline;
    const closes: { kind: string; code: number; reason: string; ms: number; endedMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const flood = await within(openSocket(wsUrl), `open flood ${round}`);
      const floodStart = performance.now();
      const floodEnd = closed(flood.ws, floodStart);
      for (let i = 0; i < 1_000 && flood.ws.readyState === flood.ws.OPEN; i++) flood.ws.send('{"type":"ping"}');
      closes.push({ kind: 'flood', ...(await within(floodEnd, `flood ${round}`)) });
      maxRss = Math.max(maxRss, rssMb(server.pid));

      const big = await within(openSocket(wsUrl), `open large ${round}`);
      const bigStart = performance.now();
      const bigEnd = closed(big.ws, bigStart);
      big.ws.send(Buffer.alloc(round % 2 === 0 ? 16 * 1024 * 1024 : 5_000, 'x'));
      closes.push({ kind: 'large', ...(await within(bigEnd, `large ${round}`)) });
      maxRss = Math.max(maxRss, rssMb(server.pid));
    }
    const slowest = Math.max(...closes.map((c) => c.ms));
    console.log(
      `flood close: ${closes.length} sockets closed, the slowest close frame after ${slowest.toFixed(0)} ms; server RSS ${baseline.toFixed(0)} → max ${maxRss.toFixed(0)} MB`,
    );
    for (const c of closes) {
      expect(c.code, c.kind).toBe(1008);
      expect(c.reason, c.kind).toBe(c.kind === 'flood' ? 'More than 20 messages per second' : 'Message larger than 4096 bytes');
      expect(c.ms, c.kind).toBeLessThan(1_000);
      expect(c.endedMs, c.kind).toBeLessThan(3_000);
    }
    expect(maxRss - baseline).toBeLessThan(RSS_MARGIN_MB);
  }, 120_000);
});
