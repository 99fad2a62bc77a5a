/**
 * A hostile WebSocket client, run as its own process by websocketFlood.test.ts (so its busy loop does not
 * distort the latencies the test measures): FLOOD_SOCKETS sockets at once on FLOOD_URL, each reading
 * nothing and sending `{"type":"ping"}` as fast as it can until the server drops it, then opened again,
 * for FLOOD_MS. Prints `flood done sockets=N pings=M` at the end.
 */
import { WebSocket } from 'ws';

const url = process.env.FLOOD_URL!;
const until = Date.now() + Number(process.env.FLOOD_MS ?? 60_000);
const counts = { sockets: 0, pings: 0 };

async function attack(): Promise<void> {
  while (Date.now() < until) {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve) => {
      let open = true;
      const end = () => {
        open = false;
        ws.terminate();
        resolve();
      };
      ws.once('open', () => {
        counts.sockets++;
        (ws as unknown as { _socket: { pause(): void } })._socket.pause();
        // Batches of 200 pings, the next once the last one reached the kernel: as fast as the server lets
        // it write, without spinning this process (or its memory) while the server reads nothing.
        const pump = () => {
          if (!open || Date.now() >= until) return end();
          for (let i = 1; i < 200; i++, counts.pings++) ws.send('{"type":"ping"}');
          counts.pings++;
          ws.send('{"type":"ping"}', (err) => (err ? end() : pump()));
        };
        pump();
      });
      ws.once('close', end);
      ws.once('error', end);
    });
  }
}

await Promise.all(Array.from({ length: Number(process.env.FLOOD_SOCKETS ?? 4) }, attack));
process.stdout.write(`flood done sockets=${counts.sockets} pings=${counts.pings}\n`);
