import { Counter, Gauge, type Registry } from 'prom-client';
import type { SocketObserver } from '../api/index.js';

/** Close codes by name (a client may close with any code from 3000 to 4999: those are `other`, a bounded label). */
const CLOSE_REASONS: Record<number, string> = {
  1000: 'normal',
  1001: 'going_away',
  1005: 'no_status',
  1006: 'abnormal',
  1008: 'policy',
  1009: 'too_large',
  1011: 'server_error',
  1013: 'too_slow',
};

/** `taskcast_ws_connections`, `taskcast_ws_messages_sent_total`, `taskcast_ws_closed_total{reason}`: this node's task sockets. */
export class SocketMetrics implements SocketObserver {
  private readonly open: Gauge;
  private readonly messages: Counter;
  private readonly closedTotal: Counter<'reason'>;

  constructor(registry: Registry) {
    this.open = new Gauge({ name: 'taskcast_ws_connections', help: 'Task sockets open on this node.', registers: [registry] });
    this.messages = new Counter({
      name: 'taskcast_ws_messages_sent_total',
      help: 'Messages sent on the task sockets of this node.',
      registers: [registry],
    });
    this.closedTotal = new Counter({
      name: 'taskcast_ws_closed_total',
      help: 'Task sockets of this node closed, by reason (the close code by name: normal, going_away, no_status, abnormal, policy, too_large, server_error, too_slow, other).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  opened(): void {
    this.open.inc();
  }

  sent(): void {
    this.messages.inc();
  }

  closed(code: number): void {
    this.open.dec();
    this.closedTotal.inc({ reason: CLOSE_REASONS[code] ?? 'other' });
  }
}
