import { Redis } from 'ioredis';
import type { BusHandlers, TaskBus, Task } from '../engine/index.js';
import { BusOutbox, decodeBusMessage } from './BusOutbox.js';

/**
 * The bus over Redis pub/sub (REDIS_URL), for larger fan-out than LISTEN/NOTIFY comfortably carries. A batch
 * of changes is one pipelined round trip.
 */
export class RedisBus implements TaskBus {
  private readonly pub: Redis;
  private sub: Redis | null = null;
  private readonly channel: string;
  private readonly outbox: BusOutbox;
  private closed = false;

  constructor(
    private readonly url: string,
    namespace: string,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.pub.on('error', onError);
    this.channel = `taskcast:bus:${namespace}`;
    this.outbox = new BusOutbox(async (payloads) => {
      const pipeline = this.pub.pipeline();
      for (const p of payloads) pipeline.publish(this.channel, p);
      await pipeline.exec();
    }, onError);
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

  async listen(handlers: BusHandlers): Promise<void> {
    await this.pub.connect();
    const sub = new Redis(this.url, { lazyConnect: true });
    sub.on('error', this.onError);
    sub.on('message', (_channel: string, payload: string) => {
      const msg = decodeBusMessage(payload, this.outbox.origin);
      if (!msg) return;
      if (msg.t === 'cancel') handlers.onCancel(msg.id);
      else if (msg.t === 'logs') handlers.onLogs?.(msg.id, msg.a, msg.s);
      else handlers.onChange(msg.c);
    });
    await sub.connect();
    await sub.subscribe(this.channel);
    this.sub = sub;
  }

  async close(): Promise<void> {
    await this.outbox.drain().catch(() => {});
    this.closed = true;
    this.sub?.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }
}
