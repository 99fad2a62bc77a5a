import pg from 'pg';
import type { BusHandlers, TaskBus, Task } from '../engine/index.js';
import { BusOutbox, decodeBusMessage } from './BusOutbox.js';

/**
 * The bus over PostgreSQL LISTEN/NOTIFY: no extra service for installations that already share a
 * PostgreSQL. A batch of changes is one `SELECT pg_notify(…) FROM unnest(…)` round trip.
 */
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
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on('error', () => {});
    this.channel = `taskcast_bus_${namespace}`;
    this.outbox = new BusOutbox(async (payloads) => {
      await this.pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n', [this.channel, payloads]);
    }, onError);
  }

  publish(task: Task): void {
    if (!this.closed) this.outbox.change(task);
  }

  publishCancel(taskId: string): void {
    if (!this.closed) this.outbox.cancel(taskId);
  }

  async listen(handlers: BusHandlers): Promise<void> {
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (n) => {
        const msg = n.payload ? decodeBusMessage(n.payload, this.outbox.origin) : null;
        if (!msg) return;
        if (msg.t === 'cancel') handlers.onCancel(msg.id);
        else handlers.onChange(msg.c);
      });
      client.on('error', (err) => {
        this.onError(err);
        client.end().catch(() => {});
        if (this.listener === client) this.listener = null;
        if (!this.closed) setTimeout(() => void connect().catch(this.onError), 500).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listener = client;
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
