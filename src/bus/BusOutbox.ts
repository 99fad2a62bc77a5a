import { randomBytes } from 'node:crypto';
import type { RemoteChange, Task } from '../engine/index.js';

/**
 * A message on the wire. `o` is the sending node, so a node can skip its own messages. `logs`: the sender stored a
 * task's log lines with seqs `a` to `s` (a hint: receivers read the lines from the store).
 */
export type BusMessage =
  | { o: string; t: 'change'; c: RemoteChange }
  | { o: string; t: 'cancel'; id: string }
  | { o: string; t: 'logs'; id: string; a: number; s: number };

/** Largest message sent whole; bigger task changes go as {task_id, seq} and receivers read the task. */
export const MAX_MESSAGE_BYTES = 7_000;

/**
 * The sending side shared by the buses: gathers changes for one event-loop turn, keeps the newest per task
 * (a final state is always the newest, so it is always sent), and hands the batch to `send` in order.
 */
export class BusOutbox {
  /** This node's id on the bus. */
  readonly origin = randomBytes(6).toString('hex');
  private pending = new Map<string, Task>();
  private cancels: string[] = [];
  private logHints = new Map<string, { a: number; s: number }>();
  private scheduled = false;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (payloads: string[]) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Queues a change (replacing an older one of the same task). */
  change(task: Task): void {
    const queued = this.pending.get(task.task_id);
    if (queued && queued.seq >= task.seq) return;
    this.pending.set(task.task_id, task);
    this.schedule();
  }

  /** Queues a cancel request. */
  cancel(taskId: string): void {
    this.cancels.push(taskId);
    this.schedule();
  }

  /** Queues a "log lines stored" hint (merged with a queued one of the same task: the widest range). */
  logs(taskId: string, from: number, to: number): void {
    const queued = this.logHints.get(taskId);
    if (queued) {
      queued.a = Math.min(queued.a, from);
      queued.s = Math.max(queued.s, to);
    } else {
      this.logHints.set(taskId, { a: from, s: to });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const payloads = [
        ...this.cancels.map((id) => JSON.stringify({ o: this.origin, t: 'cancel', id } satisfies BusMessage)),
        // Before the changes: an attempt's last lines are stored before its final state.
        ...[...this.logHints].map(([id, { a, s }]) => JSON.stringify({ o: this.origin, t: 'logs', id, a, s } satisfies BusMessage)),
        ...[...this.pending.values()].map((task) => this.encode(task)),
      ];
      this.pending = new Map();
      this.cancels = [];
      this.logHints = new Map();
      // One batch at a time, so messages leave in the order they were made.
      this.sending = this.sending.then(() => this.send(payloads)).catch(this.onError);
    });
  }

  private encode(task: Task): string {
    const whole = JSON.stringify({ o: this.origin, t: 'change', c: { task } } satisfies BusMessage);
    if (Buffer.byteLength(whole) <= MAX_MESSAGE_BYTES) return whole;
    return JSON.stringify({ o: this.origin, t: 'change', c: { task_id: task.task_id, seq: task.seq } } satisfies BusMessage);
  }

  /** Waits for what was queued to be sent. */
  async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await this.sending;
  }
}

/** Parses a received message; null for garbage or our own. */
export function decodeBusMessage(payload: string, origin: string): BusMessage | null {
  try {
    const msg = JSON.parse(payload) as BusMessage;
    if (!msg || typeof msg !== 'object' || msg.o === origin) return null;
    if (msg.t === 'cancel' && typeof msg.id === 'string') return msg;
    if (msg.t === 'logs' && typeof msg.id === 'string' && Number.isSafeInteger(msg.a) && Number.isSafeInteger(msg.s)) return msg;
    if (msg.t === 'change' && msg.c && typeof msg.c === 'object') return msg;
    return null;
  } catch {
    return null;
  }
}
