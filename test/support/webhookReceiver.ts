/**
 * A real HTTP receiver of webhooks (node:http on a loopback port): it keeps every request as received — the raw body
 * exactly as sent, for a signature check — and answers as the test says: a status, or never (a hung receiver).
 *
 *   const receiver = await startWebhookReceiver({
 *     respond: (req) => (verifyWebhook(secret, req.headers['taskcast-signature'], req.body).ok ? 204 : 401),
 *   });
 *   await postWebhook({ url: receiver.url, secret, body, deliveryId: 'd1', timeoutMs: 5000 });
 *   const [req] = await receiver.waitForRequests(1);
 *   receiver.respondWith(() => 500); …
 *   await receiver.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it. */
export interface ReceivedRequest {
  method: string;
  /** The path and query. */
  path: string;
  /** Lower-case names, as node:http gives them (`headers['taskcast-signature']`). */
  headers: http.IncomingHttpHeaders;
  /** The body, as received (UTF-8). */
  body: string;
  /** The status answered, or null while (or if never) answered. */
  status: number | null;
}

/** What to answer: a status (the body is `{"status": <n>}`), or `'hang'` to never answer. */
export type WebhookAnswer = number | 'hang';

/** Decides the answer to one request (may be async). */
export type WebhookResponder = (request: ReceivedRequest) => WebhookAnswer | Promise<WebhookAnswer>;

/** A running receiver. */
export interface WebhookReceiver {
  readonly port: number;
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** Resolves with the requests once at least `n` arrived (and were answered, unless hung); rejects after `timeoutMs`. */
  waitForRequests(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Answers later requests with `responder`. */
  respondWith(responder: WebhookResponder): void;
  /** Stops, dropping hung requests. */
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (default answer: 200). */
export async function startWebhookReceiver(options: { respond?: WebhookResponder; port?: number } = {}): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let responder: WebhookResponder = options.respond ?? (() => 200);
  // Requests answered (or left hanging): a waiter sees a request only once its answer is decided and sent.
  let settled = 0;
  const wake = () => {
    settled++;
    for (const w of [...waiters]) w();
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: null,
      };
      requests.push(received);
      void Promise.resolve()
        .then(() => responder(received))
        .then(
          (answer) => {
            if (answer === 'hang') return wake();
            received.status = answer;
            res.writeHead(answer, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: answer }), wake);
          },
          (err: unknown) => {
            received.status = 500;
            res.writeHead(500).end(String(err), wake);
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    waitForRequests(n, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (settled < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...requests]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`webhook receiver: ${requests.length} of ${n} requests arrived in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    respondWith(next) {
      responder = next;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
