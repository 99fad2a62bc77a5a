/**
 * The real Taskcast API for the component tests: a test server on a temporary SQLite database, the web
 * client pointed at it, a session for one of its users, and a task type whose runs the test drives step
 * by step (progress, completion, failure, and how long a cancellation takes to stop).
 */
import type { Socket } from 'node:net';
import { configureApi, setSession } from '@/api/client';
import type { Json, TaskContext, TaskEngine } from '../../src/engine/index.js';
import { startTestServer, type TestServer, type TestUser } from '../../test/support/testServer.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { gate } from '../../test/support/wait.js';

/** Points the web client at `server` with an in-memory session of `who`. */
export function signIn(server: { url: string }, who: TestUser): void {
  configureApi({ baseUrl: server.url, storage: null });
  setSession({
    token: who.token,
    user: { id: who.user.id, username: who.user.username, role: who.user.role, email: who.user.email },
    expiresAt: Date.now() + 3_600_000,
  });
}

type Step =
  | { kind: 'progress'; processed: number; message?: string; total?: number }
  | { kind: 'complete'; result: Json }
  | { kind: 'fail'; error: string };

/** Drives one run of a {@link ScriptedTaskType}. */
interface Script {
  started: ReturnType<typeof gate<void>>;
  steps: Step[];
  wake: (() => void) | null;
  /** Opened by the test: a cancelled run stops only then (so the "cancelling" state can be seen). */
  stop: ReturnType<typeof gate<void>>;
  cancelSeen: ReturnType<typeof gate<void>>;
}

/** A task type whose runs do exactly what the test tells them, when it tells them. */
export interface ScriptedTaskType {
  type: string;
  define(engine: TaskEngine): void;
  /** Resolves once the run of this task has started. */
  started(taskId: string): Promise<void>;
  progress(taskId: string, processed: number, message?: string, total?: number): void;
  complete(taskId: string, result?: Json): void;
  fail(taskId: string, error: string): void;
  /** Resolves once the run saw its cancellation. */
  cancelSeen(taskId: string): Promise<void>;
  /** Lets a cancelled run stop. */
  letStop(taskId: string): void;
}

/** A {@link ScriptedTaskType} named `type`. */
export function scriptedTaskType(type: string): ScriptedTaskType {
  const scripts = new Map<string, Script>();
  const of = (id: string): Script => {
    let s = scripts.get(id);
    if (!s) scripts.set(id, (s = { started: gate(), steps: [], wake: null, stop: gate(), cancelSeen: gate() }));
    return s;
  };
  const push = (id: string, step: Step) => {
    const s = of(id);
    s.steps.push(step);
    s.wake?.();
  };
  const handler = async (ctx: TaskContext) => {
    const s = of(ctx.taskId);
    s.started.open();
    const aborted = new Promise<'aborted'>((resolve) => {
      if (ctx.signal.aborted) resolve('aborted');
      ctx.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    for (;;) {
      const step = s.steps.shift() ?? (await Promise.race([aborted, new Promise<'wake'>((resolve) => (s.wake = () => resolve('wake')))]));
      s.wake = null;
      if (step === 'wake') continue;
      if (step === 'aborted') {
        s.cancelSeen.open();
        await s.stop.promise;
        throw new Error('stopped after cancellation');
      }
      if (step.kind === 'progress') ctx.progress(step.processed, step.message, step.total);
      else if (step.kind === 'complete') return step.result;
      else throw new Error(step.error);
    }
  };
  return {
    type,
    define: (engine) => engine.defineTaskType({ type, handler, shared: true }),
    started: (id) => of(id).started.promise,
    progress: (id, processed, message, total) => push(id, { kind: 'progress', processed, message, total }),
    complete: (id, result = null) => push(id, { kind: 'complete', result }),
    fail: (id, error) => push(id, { kind: 'fail', error }),
    cancelSeen: (id) => of(id).cancelSeen.promise,
    letStop: (id) => of(id).stop.open(),
  };
}

/** A test server that runs `types`, with the web client signed in as its admin. */
export async function startLiveServer(...types: ScriptedTaskType[]): Promise<TestServer> {
  const server = await startTestServer({ setup: (engine) => types.forEach((t) => t.define(engine)) });
  signIn(server, server.admin);
  return server;
}

/** A test server with the 1C sync and its simulator (the current year's data), signed in as the manager. */
export async function startLiveSyncServer(): Promise<SyncTestServer> {
  const year = new Date().getFullYear();
  const server = await startSyncServer({ sim: { documents: 240, contractors: 20, from: `${year}-01-01`, to: `${year}-12-31` } });
  signIn(server, server.manager);
  return server;
}

/** Switches the server's WebSockets off, as a proxy without WebSocket support would. */
export interface SocketSwitch {
  /** Cuts every open socket and refuses every upgrade from now on; HTTP keeps working. */
  refuse(): void;
  /** Accepts upgrades again (the server's own handler is back). */
  restore(): void;
}

/** Tracks the WebSocket connections of `server` from now on, so a test can cut them. */
export function socketSwitch(server: TestServer): SocketSwitch {
  const http = server.app.server;
  const open = new Set<Socket>();
  const track = (_req: unknown, socket: Socket) => {
    open.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => open.delete(socket));
  };
  http.prependListener('upgrade', track);
  const own = http.listeners('upgrade') as ((...args: unknown[]) => void)[];
  // Refused as a proxy would refuse it: a plain HTTP error instead of the 101 (the browser reports 1006).
  const drop = (_req: unknown, socket: Socket) => {
    socket.on('error', () => {});
    socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  };
  return {
    refuse() {
      http.removeAllListeners('upgrade');
      http.on('upgrade', drop);
      // Cut without a close frame: an abnormal close (1006) for the browser.
      for (const socket of open) socket.end();
    },
    restore() {
      http.removeAllListeners('upgrade');
      for (const listener of own) if (listener !== track) http.on('upgrade', listener);
    },
  };
}

/** Counts the requests the web client sends whose URL contains `part` (fetch is spied, not replaced). */
export function countRequests(calls: unknown[][], part: string, method = 'GET'): number {
  return calls.filter(([url, init]) => String(url).includes(part) && ((init as RequestInit | undefined)?.method ?? 'GET') === method)
    .length;
}

/**
 * Stops a test server after the component tests: first drops the connections the jsdom clients leave
 * open (undici's idle keep-alive sockets are not always recognised as idle by the HTTP server, whose
 * close would then wait for them), then closes it.
 */
export async function stopServer(server: TestServer | undefined): Promise<void> {
  if (!server) return;
  server.app.server.closeAllConnections();
  await server.close();
}
