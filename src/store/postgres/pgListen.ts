import pg from 'pg';

/** What {@link listenOn} tells its caller. */
export interface ListenHandlers {
  /** A notification on the channel, with its payload. */
  onNotification(payload: string): void;
  /** The LISTEN took effect (first time and after every reconnect): anything sent while deaf was missed. */
  onListening(): void;
}

/**
 * LISTENs on `channel` on a connection of its own, reconnecting 500 ms after it drops (PostgreSQL restarted, the
 * backend terminated) for as long as it is not stopped; returns the stop. The connection is in `open` while it
 * listens, so the storage's close() can end it.
 */
export function listenOn(connection: pg.ClientConfig, channel: string, open: Set<pg.Client>, handlers: ListenHandlers): () => void {
  let stopped = false;
  let client: pg.Client | null = null;
  const listen = async () => {
    if (stopped) return;
    const c = new pg.Client(connection);
    client = c;
    // A dropped connection may both emit 'error' and reject the query under way: reconnect once.
    let lost = false;
    c.on('error', () => {
      if (lost) return;
      lost = true;
      open.delete(c);
      c.end().catch(() => {});
      if (!stopped) setTimeout(() => void listen(), 500).unref();
    });
    c.on('notification', (n) => handlers.onNotification(n.payload ?? ''));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      open.add(c);
      if (stopped) await c.end();
      else handlers.onListening();
    } catch {
      c.emit('error', new Error('listen failed'));
    }
  };
  void listen();
  return () => {
    stopped = true;
    if (client) {
      open.delete(client);
      client.end().catch(() => {});
    }
  };
}
