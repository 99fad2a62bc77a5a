import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { canSeeTask, taskVisibility, type Caller } from '../../auth/index.js';
import type { Logger, Task } from '../../engine/index.js';
import { isUuid } from '../../engine/index.js';
import { bearerToken, callerFromToken } from '../authenticate.js';
import type { ApiContext } from '../context.js';

/** Socket settings. */
export interface SocketOptions {
  /** Protocol-level ping interval; a client that missed one pong is dropped. */
  pingIntervalMs?: number;
  /** A client whose unsent data exceeds this many bytes is too slow and is dropped. */
  maxBufferedBytes?: number;
}

const TASK_PATH = /^\/api\/v1\/ws\/tasks(?:\/([^/]+))?\/?$/;

/**
 * The WebSocket API: `/api/v1/ws/tasks/{task_id}` follows one task, `/api/v1/ws/tasks` every task the
 * caller may see. Authentication happens before the upgrade (`?token=` or the Authorization header),
 * so a refused client gets a plain HTTP 401 or 404 and no socket. Messages are
 * `{"type": "task_update", "task": {...}}` in `seq` order per task.
 */
export function attachTaskSockets(server: Server, ctx: ApiContext, logger: Logger, options: SocketOptions = {}): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void handleUpgrade(req, socket, head).catch((err: unknown) => {
      logger.error({ err: String(err) }, 'websocket upgrade failed');
      refuse(socket, 500, 'Internal server error');
    });
  });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = TASK_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not found');
    let caller: Caller;
    try {
      caller = await callerFromToken(ctx, url.searchParams.get('token') ?? bearerToken(req.headers.authorization));
    } catch (err) {
      return refuse(socket, 401, (err as Error).message);
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText !== null && /^\d+$/.test(sinceText) ? Number(sinceText) : undefined;
    const taskId = match[1] === undefined ? null : safeDecode(match[1]);
    if (taskId !== null) {
      const task = taskId && isUuid(taskId) ? await ctx.engine.getTask(taskId) : null;
      if (!task || !canSeeTask(caller, task, ctx.engine.types.sharedNames())) return refuse(socket, 404, 'Task not found');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('message', (data) => onClientMessage(ws, data.toString()));
      ws.on('error', () => ws.terminate());
      if (taskId) void followTask(ws, caller, taskId, since);
      else void followAll(ws, caller);
    });
  }

  function send(ws: WebSocket, task: Task): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      logger.warn({ buffered: ws.bufferedAmount }, 'websocket client too slow, dropped');
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify({ type: 'task_update', task }));
  }

  /** One task: the snapshot (unless the client is already at that seq), then every change in order. */
  async function followTask(ws: WebSocket, caller: Caller, taskId: string, since: number | undefined): Promise<void> {
    let lastSent = since ?? 0;
    let ready = false;
    const early: Task[] = [];
    const deliver = (task: Task) => {
      if (task.seq <= lastSent) return;
      lastSent = task.seq;
      send(ws, task);
    };
    // Subscribe before reading the snapshot, so nothing that happens in between is lost.
    const unsubscribe = ctx.engine.subscribe(taskId, (t) => (ready ? deliver(t) : early.push(t)));
    ws.on('close', unsubscribe);
    const snapshot = await ctx.engine.getTask(taskId);
    if (snapshot && canSeeTask(caller, snapshot, ctx.engine.types.sharedNames())) deliver(snapshot);
    for (const t of early) deliver(t);
    ready = true;
  }

  /** Every visible task: snapshots of the pending and running ones, then every change. */
  async function followAll(ws: WebSocket, caller: Caller): Promise<void> {
    const lastSent = new Map<string, number>();
    let ready = false;
    const early: Task[] = [];
    const shared = () => ctx.engine.types.sharedNames();
    const deliver = (task: Task) => {
      const last = lastSent.get(task.task_id) ?? 0;
      if (task.seq <= last) return;
      lastSent.set(task.task_id, task.seq);
      send(ws, task);
    };
    const unsubscribe = ctx.engine.subscribeAll((t) => {
      if (!canSeeTask(caller, t, shared())) return;
      if (ready) deliver(t);
      else early.push(t);
    });
    ws.on('close', unsubscribe);
    const active = await ctx.engine.listActiveTasks(taskVisibility(caller, shared()));
    for (const t of active.reverse()) deliver(t);
    for (const t of early) deliver(t);
    ready = true;
  }

  function onClientMessage(ws: WebSocket, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      ws.send(JSON.stringify({ type: 'error', detail: 'Message is not valid JSON' }));
      return;
    }
    if (msg && typeof msg === 'object' && (msg as { type?: unknown }).type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
    } else {
      ws.send(JSON.stringify({ type: 'error', detail: 'Unknown message type; supported: ping' }));
    }
  }

  // Protocol-level keep-alive: a client that did not answer the previous ping is gone.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.pingIntervalMs ?? 30_000);
  pinger.unref();

  return {
    /** Closes every socket with 1001 (going away). */
    close() {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      wss.close();
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
function refuse(socket: Duplex, status: number, detail: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ detail });
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Internal Server Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
