import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Task, TaskLogLine } from '../../engine/index.js';
import { prepareText, taskUpdateMessage, type PreparedMessage } from './preparedFrames.js';
import { SOCKET_DEFAULTS } from './socketDefaults.js';
import { WriteCoalescer } from './WriteCoalescer.js';

/** Close codes of the task sockets (RFC 6455 §7.4.1). */
export const CLOSE = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** The client broke a rule (too many messages). */
  policy: 1008,
  /** The server could not go on (the database failed under the subscription). */
  internalError: 1011,
  /** The client reads too slowly: its unsent data passed the limit. */
  tryAgainLater: 1013,
} as const;

/** How long a closing socket may take to acknowledge the close frame before it is cut, ms (default). */
export const CLOSE_GRACE_MS: number = SOCKET_DEFAULTS.closeGraceMs;
/** How often updates held back for a slow reader are retried, ms. */
const RETRY_MS = 25;
/** Log lines held back per task for a slow reader, the newest (the older ones stay readable with GET …/logs). */
const HELD_LOG_LINES = 1_000;
/** Log lines per `log` message: a batch of up to 1,000 lines of 2 KB is sent in messages of at most ~100 KB. */
const LOG_LINES_PER_MESSAGE = 50;

/**
 * Sends task updates to one socket without letting a slow reader grow the server's memory.
 *
 * Below `lowWaterBytes` of unsent data an update goes out at once. Above it, updates are held back, one per
 * task — a newer state of a task replaces the one waiting (each carries the whole task, so the reader loses
 * nothing it needs) — and sent when the socket has drained. Memory per socket is thus bounded by the number
 * of tasks it follows, not by how many changes happen. Log lines cannot replace each other: a slow reader's are
 * held back in order, at most {@link HELD_LOG_LINES} per task (the oldest dropped: the client reads them back
 * from `GET /api/v1/tasks/{id}/logs?since=`). A socket whose unsent data still passes `maxBytes`
 * (huge messages, or pongs to a ping flood) is closed with 1013 and cut after a short grace.
 *
 * Messages go out as prepared frames (preparedFrames.ts: a task's change is serialized and framed once for
 * every socket that may see it) written straight to the connection, gathered per turn of the event loop into
 * one write (WriteCoalescer). ws's own writes (pings, the close frame) go to the same connection, so the order
 * holds; a socket with an extension negotiated (none is offered today) goes through ws.send instead.
 */
export class TaskSender {
  private readonly waiting = new Map<string, Task>();
  private readonly waitingLogs = new Map<string, TaskLogLine[]>();
  private timer: NodeJS.Timeout | null = null;
  /** ws's connection, when frames may be written to it directly. */
  private readonly connection: Writable | null;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBytes: number,
    private readonly lowWaterBytes: number,
    private readonly onTooSlow: () => void,
    private readonly closeGraceMs = CLOSE_GRACE_MS,
    private readonly writes = new WriteCoalescer(),
    /** Told of each message sent (the metrics). */
    private readonly onSent: () => void = () => {},
  ) {
    ws.once('close', () => this.stop());
    this.connection = ws.extensions === '' ? ((ws as unknown as { _socket?: Writable })._socket ?? null) : null;
  }

  /** Sends `task` now, or holds it back while the reader is slow (replacing an older state of it). */
  task(task: Task): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBytes) return this.tooSlow();
    if (this.waiting.size > 0 || this.waitingLogs.size > 0 || this.ws.bufferedAmount > this.lowWaterBytes) {
      // Delete first, so the map keeps the order of the latest changes.
      this.waiting.delete(task.task_id);
      this.waiting.set(task.task_id, task);
      this.timer ??= setInterval(() => this.drain(), RETRY_MS);
      return;
    }
    this.send(taskUpdateMessage(task));
  }

  /** Sends a task's log lines just stored (`{type: 'log'}`), or holds them back while the reader is slow. */
  logs(taskId: string, items: readonly TaskLogLine[]): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBytes) return this.tooSlow();
    if (this.waiting.size > 0 || this.waitingLogs.size > 0 || this.ws.bufferedAmount > this.lowWaterBytes) {
      const held = this.waitingLogs.get(taskId) ?? [];
      held.push(...items);
      if (held.length > HELD_LOG_LINES) held.splice(0, held.length - HELD_LOG_LINES);
      this.waitingLogs.set(taskId, held);
      this.timer ??= setInterval(() => this.drain(), RETRY_MS);
      return;
    }
    this.sendLogs(taskId, items);
  }

  /**
   * Sends log lines in messages of at most {@link LOG_LINES_PER_MESSAGE} while the reader keeps up; the lines left
   * when it falls behind are held back (first in line). Returns whether all were sent.
   */
  private sendLogs(taskId: string, items: readonly TaskLogLine[]): boolean {
    for (let i = 0; i < items.length; i += LOG_LINES_PER_MESSAGE) {
      if (i > 0 && this.ws.bufferedAmount > this.lowWaterBytes) {
        this.waitingLogs.set(taskId, [...items.slice(i), ...(this.waitingLogs.get(taskId) ?? [])].slice(-HELD_LOG_LINES));
        this.timer ??= setInterval(() => this.drain(), RETRY_MS);
        return false;
      }
      this.raw(JSON.stringify({ type: 'log', task_id: taskId, items: items.slice(i, i + LOG_LINES_PER_MESSAGE) }));
    }
    return true;
  }

  /** Sends any other message (pong, error), unless the reader is already too far behind. */
  raw(text: string): void {
    this.send(prepareText(text));
  }

  /** Sends a framed message, unless the reader is already too far behind. */
  private send(message: PreparedMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount + message.frame.length > this.maxBytes) return this.tooSlow();
    if (this.connection) this.writes.write(this.connection, message.frame);
    else this.ws.send(message.payload, { binary: false });
    this.onSent();
  }

  /** Closes with `code` and `reason`; a peer that does not answer the close frame is cut after a grace. */
  close(code: number, reason: string): void {
    this.stop();
    closeSocket(this.ws, code, reason, this.closeGraceMs);
  }

  /** Closes a client that broke the rules, reading nothing more from it (see {@link closeHostile}). */
  closeHostile(code: number, reason: string): void {
    this.stop();
    closeHostile(this.ws, code, reason);
  }

  private drain(): void {
    if (this.ws.readyState !== this.ws.OPEN) return this.stop();
    // Lines first: a task's lines are stored before its final state, and a client sees them in that order.
    for (const [id, items] of this.waitingLogs) {
      if (this.ws.bufferedAmount > this.lowWaterBytes) return;
      this.waitingLogs.delete(id);
      if (!this.sendLogs(id, items)) return;
    }
    for (const [id, task] of this.waiting) {
      if (this.ws.bufferedAmount > this.lowWaterBytes) return;
      this.waiting.delete(id);
      this.send(taskUpdateMessage(task));
    }
    this.stop();
  }

  private tooSlow(): void {
    this.onTooSlow();
    this.close(CLOSE.tryAgainLater, 'Client reads too slowly');
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Closes a socket with a code and reason (at most 123 bytes); cuts it if the close handshake stalls. */
export function closeSocket(ws: WebSocket, code: number, reason: string, graceMs = CLOSE_GRACE_MS): void {
  if (ws.readyState === ws.CLOSED) return;
  if (ws.readyState !== ws.CLOSING) ws.close(code, reason.slice(0, 120));
  setTimeout(() => ws.terminate(), graceMs).unref();
}

/**
 * Closes a socket whose client broke the rules, and stops reading from it at once: what a flooding client
 * still sends is left in the kernel instead of being parsed, frame after frame, until the socket is cut.
 * (The client's own close frame is then never read: the socket is cut after the grace.)
 */
export function closeHostile(ws: WebSocket, code: number, reason: string, graceMs = CLOSE_GRACE_MS): void {
  closeSocket(ws, code, reason, graceMs);
  (ws as unknown as { _socket?: { pause(): void } })._socket?.pause();
}
