import { WebSocket } from 'ws';

/** A message of the task sockets (parsed JSON); its fields are checked by the tests' assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SocketMessage = { type: string; [key: string]: any };

/** An upgrade the server refused with a plain HTTP answer. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** The answer's headers (Retry-After…). */
    readonly headers: Readonly<Record<string, string | string[] | undefined>> = {},
  ) {
    super(`WebSocket upgrade refused with HTTP ${status}: ${body}`);
  }
}

/**
 * Every message a socket received, in order, buffered from the moment the socket was created (so a
 * snapshot sent right after the handshake is never missed). Reads consume messages one after another.
 */
export class Inbox {
  /** Every message received so far, consumed or not. */
  readonly received: SocketMessage[] = [];
  private cursor = 0;
  private wake: (() => void) | null = null;
  private closedWith: string | null = null;

  // A bound for a loaded machine, not a delay: a message that comes ends the wait at once.
  constructor(private readonly timeoutMs = 30_000) {}

  /** @internal */
  push(msg: SocketMessage): void {
    this.received.push(msg);
    this.wake?.();
  }

  /** @internal */
  close(reason: string): void {
    this.closedWith = reason;
    this.wake?.();
  }

  /** The next unread message; fails when the socket closes or nothing comes within the timeout. */
  async next(): Promise<SocketMessage> {
    while (this.cursor >= this.received.length) {
      if (this.closedWith !== null) throw new Error(`socket closed (${this.closedWith}) while a message was awaited`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.wake = null;
          reject(new Error(`no message within ${this.timeoutMs} ms; received so far: ${JSON.stringify(this.received.map(brief))}`));
        }, this.timeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
    return this.received[this.cursor++]!;
  }

  /** The next `n` unread messages. */
  async take(n: number): Promise<SocketMessage[]> {
    const out: SocketMessage[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }

  /** Reads messages up to and including the first that satisfies `predicate`; returns them all. */
  async until(predicate: (m: SocketMessage) => boolean): Promise<SocketMessage[]> {
    const out: SocketMessage[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (predicate(m)) return out;
    }
  }

  /** Messages received but not read yet. */
  get unread(): SocketMessage[] {
    return this.received.slice(this.cursor);
  }
}

function brief(m: SocketMessage): unknown {
  return m.type === 'task_update' ? { id: m.task?.task_id, status: m.task?.status, seq: m.task?.seq } : m;
}

/** An open client socket with its inbox. */
export interface TestSocket {
  ws: WebSocket;
  inbox: Inbox;
  /** Sends a JSON message. */
  send(msg: unknown): void;
  /** Closes and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Opens a WebSocket; resolves once open, or rejects with {@link UpgradeRefused} (status and body) when
 * the server answers the upgrade with plain HTTP.
 */
export function openSocket(url: string, options: { headers?: Record<string, string> } = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers: options.headers });
  const inbox = new Inbox();
  ws.on('message', (data) => inbox.push(JSON.parse(data.toString()) as SocketMessage));
  ws.on('close', (code) => inbox.close(`code ${code}`));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        inbox,
        send: (msg) => ws.send(JSON.stringify(msg)),
        close: () =>
          new Promise<void>((done) => {
            if (ws.readyState === ws.CLOSED) return done();
            ws.once('close', () => done());
            ws.close();
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        reject(new UpgradeRefused(res.statusCode ?? 0, body, res.headers));
        ws.terminate();
      });
    });
    // After the outcome is settled, later errors (e.g. from terminate) must not go unhandled.
    ws.on('error', (err) => reject(err));
  });
}

/** Opens a socket that the test expects the server to refuse; resolves with the refusal. */
export async function refusedSocket(url: string, options: { headers?: Record<string, string> } = {}): Promise<UpgradeRefused> {
  try {
    const s = await openSocket(url, options);
    await s.close();
  } catch (err) {
    if (err instanceof UpgradeRefused) return err;
    throw err;
  }
  throw new Error(`expected the upgrade of ${url} to be refused, but it opened`);
}
