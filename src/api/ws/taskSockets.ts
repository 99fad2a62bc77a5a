import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { normalizeIP } from '@fastify/rate-limit';
import { WebSocketServer, type WebSocket } from 'ws';
import { canSeeTask, taskVisibility, type Caller } from '../../auth/index.js';
import type { Logger, Task } from '../../engine/index.js';
import { isFinalStatus, isTransientDatabaseError, isUuid, TaskcastError } from '../../engine/index.js';
import { identify, type ResolveCaller } from '../callers.js';
import type { ApiContext } from '../context.js';
import { ERROR_STATUS } from '../errors.js';
import { checkOrigin, type AllowedOrigins } from '../origins.js';
import { MemoryRateBuckets } from '../rateLimit/MemoryRateBuckets.js';
import type { RateBuckets } from '../../engine/index.js';
import { MessageRate } from './MessageRate.js';
import { OpenSockets } from './openSockets.js';
import { SOCKET_DEFAULTS } from './socketDefaults.js';
import type { SocketObserver } from './socketObserver.js';
import type { UserMessages } from './UserMessages.js';
import { CLOSE, closeHostile, closeSocket, TaskSender } from './TaskSender.js';
import { WriteCoalescer } from './WriteCoalescer.js';

/** Socket settings; unset ones take {@link SOCKET_DEFAULTS}. */
export interface SocketOptions {
  /** Protocol-level ping interval, ms; a client that missed one pong is dropped. Default 30,000. */
  pingIntervalMs?: number;
  /** A client whose unsent data exceeds this many bytes is too slow: closed with 1013. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Largest message a client may send, bytes (a larger one closes the socket with 1008). Default 4 KiB. */
  maxMessageBytes?: number;
  /** @deprecated The former name of `maxMessageBytes` (used when that is not given). */
  maxPayloadBytes?: number;
  /** Messages a client may send per second, bursts of twice as many; past it: closed with 1008. Default 20. */
  messagesPerSecond?: number;
  /** How long a socket being closed may take to answer the close frame before it is cut, ms. Default 1000. */
  closeGraceMs?: number;
  /** Sockets one user may have open on this node; the next upgrade is refused with 429. Default 20. */
  maxPerUser?: number;
  /** Upgrades one client address may make per minute (a bucket of as many, refilled evenly); past it: 429. Default 120. */
  upgradesPerMinute?: number;
}

/** What the sockets are built from: the engine, and who is asking. */
export interface SocketContext extends ApiContext {
  resolveCaller: ResolveCaller;
  /**
   * The prefix the task API is mounted under, as Fastify's `prefix` ('' for none; a trailing slash is dropped, as
   * Fastify does for routes; a `:param` segment matches any one segment): sockets live at
   * `{prefix}/api/v1/ws/tasks…`.
   */
  prefix?: string;
  /** A socket upgrade's client address (the same rule as the app's `request.ip`); default the TCP peer's. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Origins whose pages may open a socket (an upgrade naming another in `Origin` gets 403). Default: any. */
  allowedOrigins?: AllowedOrigins;
  /** The buckets of the upgrade limit per address (shared by the nodes with Redis). Default: this process's memory. */
  buckets?: RateBuckets;
  /** Told of each socket opened, message sent and close (the metrics). Default: none. */
  observer?: SocketObserver;
  /** Messages for one user (the bell's lines), sent on that user's all-tasks sockets. Default: none. */
  userMessages?: UserMessages;
}

/** `{prefix}/api/v1/ws/tasks` and `{prefix}/api/v1/ws/tasks/{task_id}`. */
function taskPath(prefix: string): RegExp {
  const segments = prefix
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}/api/v1/ws/tasks(?:/([^/]+))?/?$`);
}

/**
 * The WebSocket API: `/api/v1/ws/tasks/{task_id}` follows one task, `/api/v1/ws/tasks` every task the
 * caller may see. The caller is identified before the upgrade (`ctx.resolveCaller`; by default `?token=` or
 * the Authorization header), so a refused client gets a plain HTTP 401, 403, 404 or 503 and no socket. An
 * upgrade to another path is left to the server's other `upgrade` listeners (an embedding application's own
 * sockets) for their turn; if none of them took it — wrote to it, destroyed it or put an `error` listener on it
 * (ws's handleUpgrade does, at once) — it is refused with 404 and closed, since Node sets no timeout on an
 * upgraded connection and it would stay open for good. Messages are
 * `{"type": "task_update", "task": {...}}` in `seq` order per task; a slow reader gets the latest state of
 * each task instead of every change (see TaskSender). The one-task socket also sends the task's log lines as
 * they are stored, `{"type": "log", "task_id": …, "items": [...]}`. An upgrade past the limits — `upgradesPerMinute` from one
 * address, `maxPerUser` open sockets of one user on this node — is refused with HTTP 429 and Retry-After. A socket
 * ends with 1001 (shutdown), 1008 (the client broke a rule: too many messages or one too large, the reason says
 * which), 1011 (the database failed under it) or 1013 (the server's side: it reads too slowly).
 */
export function attachTaskSockets(server: Server, ctx: SocketContext, logger: Logger, options: SocketOptions = {}): { close(): void } {
  const TASK_PATH = taskPath(ctx.prefix ?? '');
  const maxMessageBytes = options.maxMessageBytes ?? options.maxPayloadBytes ?? SOCKET_DEFAULTS.maxMessageBytes;
  // ws checks the length of each frame from its header, before reading it, so a large one costs nothing.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const open = new OpenSockets(options.maxPerUser ?? SOCKET_DEFAULTS.maxPerUser);
  const upgradesPerMinute = options.upgradesPerMinute ?? SOCKET_DEFAULTS.upgradesPerMinute;
  const buckets = ctx.buckets ?? new MemoryRateBuckets();
  const maxBuffered = options.maxBufferedBytes ?? SOCKET_DEFAULTS.maxBufferedBytes;
  // Updates are held back (coalesced) well before the hard limit, so a slow but live reader is not cut.
  const lowWater = Math.min(64 * 1024, Math.floor(maxBuffered / 4));
  const perSecond = options.messagesPerSecond ?? SOCKET_DEFAULTS.messagesPerSecond;
  const alive = new WeakMap<WebSocket, boolean>();
  // One flush per turn of the event loop for all of this server's sockets.
  const writes = new WriteCoalescer();
  const observer = ctx.observer;
  const onSent = observer ? () => observer.sent() : undefined;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket, head).catch((err: unknown) => {
      if (isTransientDatabaseError(err)) {
        logger.warn({ err: String(err) }, 'websocket refused: database unavailable');
        return refuse(socket, 503, 'The database is temporarily unavailable; retry in a moment');
      }
      logger.error({ err: String(err) }, 'websocket upgrade failed');
      refuse(socket, 500, 'Internal server error');
    });
  };
  server.on('upgrade', onUpgrade);

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = TASK_PATH.exec(url.pathname);
    if (!match) {
      // Maybe another listener's socket (the embedding application's own): refused only once every listener had
      // its turn and none took it.
      setImmediate(() => {
        if (untouched(socket)) refuse(socket, 404, 'Not found');
      });
      return;
    }
    // Before anything costs (a token checked, the database read): a client opening socket after socket.
    const address = normalizeIP(ctx.clientAddress ? ctx.clientAddress(req) : (req.socket.remoteAddress ?? ''));
    const upgrade = await buckets.take(`ws-upgrade:${address}`, upgradesPerMinute / 60, upgradesPerMinute);
    if (!upgrade.taken) {
      logger.warn({ address }, 'websocket upgrades from one address over the limit, refused');
      return refuse(socket, 429, `More than ${upgradesPerMinute} socket upgrades per minute from this address`, upgrade.retryAfterMs);
    }
    let caller: Caller;
    try {
      // A page of another site must not open a socket in its user's name (the resolver may read a cookie).
      checkOrigin(ctx.allowedOrigins, 'GET', req.headers.origin, true);
      caller = await identify(ctx.resolveCaller, { kind: 'socket', raw: req });
    } catch (err) {
      // A refusal (403 for the origin; 401 or 403 from identify, by the same rule as over HTTP) is the client's
      // answer; anything else is ours (500, or 503 above).
      const status = err instanceof TaskcastError ? (ERROR_STATUS[err.code] ?? 500) : 500;
      if (status !== 401 && status !== 403) throw err;
      return refuse(socket, status, (err as Error).message);
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText !== null && /^\d+$/.test(sinceText) ? Number(sinceText) : undefined;
    const taskId = match[1] === undefined ? null : safeDecode(match[1]).toLowerCase();
    if (taskId !== null) {
      const task = taskId && isUuid(taskId) ? await ctx.engine.getTask(taskId) : null;
      if (!task || !canSeeTask(caller, task, ctx.engine.types.sharedNames())) return refuse(socket, 404, 'Task not found');
    }
    // The place is given back when the connection closes, however it ends.
    if (!open.take(caller.id, socket)) {
      logger.warn({ user_id: caller.id }, 'websocket: the user has too many sockets open, refused');
      return refuse(socket, 429, `This user already has ${open.count(caller.id)} sockets open`, 1000);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      if (observer) {
        observer.opened();
        ws.once('close', (code: number) => observer.closed(code));
      }
      // A message over maxMessageBytes: ws closes with 1009 by itself; a client's broken rule is 1008 here, as a flood.
      const close = ws.close.bind(ws);
      ws.close = (code?: number, reason?: string | Buffer) => {
        if (code !== 1009) return close(code, reason);
        logger.warn({ user_id: caller.id }, 'websocket client sent a message too large, closed');
        close(CLOSE.policy, `Message larger than ${maxMessageBytes} bytes`);
      };
      const sender = new TaskSender(
        ws,
        maxBuffered,
        lowWater,
        () => logger.warn({ buffered: ws.bufferedAmount, user_id: caller.id }, 'websocket client reads too slowly, closed'),
        options.closeGraceMs,
        writes,
        onSent,
      );
      const rate = new MessageRate(perSecond);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('message', (data) => {
        if (ws.readyState !== ws.OPEN) return;
        if (!rate.take()) {
          logger.warn({ user_id: caller.id }, 'websocket client sends too many messages, closed');
          return sender.closeHostile(CLOSE.policy, `More than ${perSecond} messages per second`);
        }
        onClientMessage(sender, data.toString());
      });
      ws.on('error', (err: Error & { code?: string }) => {
        // A message too large: ws has sent the close frame (1008, above); cutting the connection now would reset it
        // under a client still sending, and the frame would be lost. Stop reading instead (after ws's own resume on
        // the next tick), and cut it after the grace, as for a flood.
        if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
          setImmediate(() => closeHostile(ws, CLOSE.policy, '', options.closeGraceMs));
          return;
        }
        ws.terminate();
      });
      const follow = taskId ? followTask(ws, sender, caller, taskId, since) : followAll(ws, sender, caller);
      // The snapshot read can fail (the database dropped): the client is told and reconnects or polls.
      follow.catch((err: unknown) => {
        logger.warn({ err: String(err), task_id: taskId ?? undefined }, 'websocket subscription failed, closed with 1011');
        sender.close(
          CLOSE.internalError,
          isTransientDatabaseError(err) ? 'Database unavailable, reconnect later' : 'Internal server error',
        );
      });
    });
  }

  /** One task: the snapshot (unless the client is already at that seq), then every change in order. */
  async function followTask(ws: WebSocket, sender: TaskSender, caller: Caller, taskId: string, since: number | undefined): Promise<void> {
    let lastSent = since ?? 0;
    let ready = false;
    const early: Task[] = [];
    const deliver = (task: Task) => {
      if (task.seq <= lastSent) return;
      lastSent = task.seq;
      sender.task(task);
    };
    // Subscribe before reading the snapshot, so nothing that happens in between is lost.
    const unsubscribe = ctx.engine.subscribe(taskId, (t) => (ready ? deliver(t) : early.push(t)));
    ws.on('close', unsubscribe);
    // The task's log lines as they are stored: on this node, or on the node running it (told on the bus, read from the
    // store from the first line this socket lacks). The client reads earlier ones with GET …/logs?since=.
    ws.on(
      'close',
      ctx.engine.subscribeLogs(taskId, (items) => sender.logs(taskId, items)),
    );
    const snapshot = await ctx.engine.getTask(taskId);
    if (snapshot && canSeeTask(caller, snapshot, ctx.engine.types.sharedNames())) deliver(snapshot);
    for (const t of early) deliver(t);
    ready = true;
  }

  /** Every visible task: snapshots of the pending and running ones, then every change. */
  async function followAll(ws: WebSocket, sender: TaskSender, caller: Caller): Promise<void> {
    const lastSent = new Map<string, number>();
    let ready = false;
    const early: Task[] = [];
    const shared = () => ctx.engine.types.sharedNames();
    const deliver = (task: Task) => {
      const last = lastSent.get(task.task_id) ?? 0;
      if (task.seq <= last) return;
      // A final state is the task's last: forget it, so the map holds only tasks that may still change.
      if (isFinalStatus(task.status)) lastSent.delete(task.task_id);
      else lastSent.set(task.task_id, task.seq);
      sender.task(task);
    };
    const stopUserMessages = ctx.userMessages?.subscribe(caller.id, (text) => sender.raw(text));
    if (stopUserMessages) ws.on('close', stopUserMessages);
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

  function onClientMessage(sender: TaskSender, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      sender.raw(JSON.stringify({ type: 'error', detail: 'Message is not valid JSON' }));
      return;
    }
    if (msg && typeof msg === 'object' && (msg as { type?: unknown }).type === 'ping') {
      sender.raw(JSON.stringify({ type: 'pong' }));
    } else {
      sender.raw(JSON.stringify({ type: 'error', detail: 'Unknown message type; supported: ping' }));
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
  }, options.pingIntervalMs ?? SOCKET_DEFAULTS.pingIntervalMs);
  pinger.unref();

  return {
    /** Closes every socket with 1001 (going away). */
    close() {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) closeSocket(ws, CLOSE.goingAway, 'Server shutting down');
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

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Whether no `upgrade` listener took `socket`: nothing written to it, not destroyed, no `error` listener on it. */
function untouched(socket: Duplex): boolean {
  const net = socket as Duplex & { bytesWritten?: number };
  return !socket.destroyed && (net.bytesWritten ?? 0) === 0 && socket.writableLength === 0 && socket.listenerCount('error') === 0;
}

/**
 * Answers an upgrade request with a plain HTTP error and closes the connection: destroyed once the answer is
 * written (Node's HTTP server allows half-open connections, so ending our side alone would leave it open while
 * the client keeps its own).
 */
function refuse(socket: Duplex, status: number, detail: string, retryAfterMs?: number): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ detail });
  const reason = REASONS[status] ?? 'Internal Server Error';
  const retryAfter = status === 503 ? 1 : retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n${retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
