import pg from 'pg';
import type { BusHandlers, TaskBus, Task } from '../engine/index.js';
import { BusOutbox, decodeBusMessage } from './BusOutbox.js';

/**
 * The bus over PostgreSQL LISTEN/NOTIFY: no extra service for installations that already share a
 * PostgreSQL. A batch of changes is one `SELECT pg_notify(…) FROM unnest(…)` round trip.
 */
/** Pause before a lost listening connection is opened again, ms. */
const RECONNECT_MS = 500;

export class PostgresBus implements TaskBus {
  private readonly pool: pg.Pool;
  private readonly channel: string;
  private readonly outbox: BusOutbox;
  private listener: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    /** Schema (or any name) that separates installations sharing one database. */
    namespace: string,
    private readonly onError: (err: unknown) => void = () => {},
    /** Time allowed to open a connection, ms. */
    private readonly connectTimeoutMs = 5000,
  ) {
    this.pool = new pg.Pool({ ...this.connection(), max: 2 });
    this.pool.on('error', () => {});
    this.channel = `taskcast_bus_${namespace}`;
    this.outbox = new BusOutbox(async (payloads) => {
      await this.pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n', [
        this.channel,
        payloads,
      ]);
    }, onError);
  }

  private connection(): pg.ClientConfig {
    return { connectionString: this.url, application_name: 'taskcast', connectionTimeoutMillis: this.connectTimeoutMs };
  }

  publish(task: Task): void {
    if (!this.closed) this.outbox.change(task);
  }

  publishCancel(taskId: string): void {
    if (!this.closed) this.outbox.cancel(taskId);
  }

  publishLogs(taskId: string, from: number, to: number): void {
    if (!this.closed) this.outbox.logs(taskId, from, to);
  }

  /**
   * Listens until closed. A lost connection (PostgreSQL restarted, the backend terminated) is replaced: a
   * new one is tried every {@link RECONNECT_MS} until one succeeds, so live updates resume by themselves.
   * Changes notified while no connection listened are lost to this node: once listening again it calls
   * `handlers.onReconnect`, and the engine re-reads the tasks its clients follow (a task that ended in the
   * gap would otherwise never be announced again).
   */
  async listen(handlers: BusHandlers): Promise<void> {
    // Set once a listening connection was lost: the next one that listens tells the handlers what it missed.
    let missed = false;
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      const client = new pg.Client(this.connection());
      let lost = false;
      const reconnect = (err: unknown) => {
        if (lost) return;
        lost = true;
        missed = true;
        this.onError(err);
        client.end().catch(() => {});
        if (this.listener === client) this.listener = null;
        if (!this.closed) setTimeout(() => void connect().catch(() => {}), RECONNECT_MS).unref();
      };
      client.on('notification', (n) => {
        const msg = n.payload ? decodeBusMessage(n.payload, this.outbox.origin) : null;
        if (!msg) return;
        if (msg.t === 'cancel') handlers.onCancel(msg.id);
        else if (msg.t === 'logs') handlers.onLogs?.(msg.id, msg.a, msg.s);
        else handlers.onChange(msg.c);
      });
      client.on('error', reconnect);
      try {
        await client.connect();
        await client.query(`LISTEN ${this.channel}`);
      } catch (err) {
        reconnect(err);
        throw err;
      }
      if (this.closed) await client.end().catch(() => {});
      else {
        this.listener = client;
        if (missed) {
          missed = false;
          handlers.onReconnect?.();
        }
      }
    };
    await connect();
  }

  async close(): Promise<void> {
    await this.outbox.drain().catch(() => {});
    this.closed = true;
    await this.listener?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}
