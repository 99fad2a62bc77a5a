/**
 * Answers that go out before the request body has been read — 413 for a body over the limit, 401 before an
 * upload, 404 for an unknown route — must reach a client that is still writing. Node closes such a
 * connection as soon as the answer is written; the client's next writes then hit a closed socket, the
 * kernel resets the connection, and the client sees EPIPE or ECONNRESET instead of the answer (a 16 MiB
 * upload against the 1 MiB limit never showed its 413). So before such an answer is sent, the rest of the
 * body is read and thrown away, within a byte and a time budget; the answer then says `Connection: close`.
 * A client that goes past the budget is cut off as before: that is the defence against endless uploads.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How much of an unwanted body the server reads and discards before answering. */
export interface DiscardLimits {
  /** Bytes read and discarded at most (TASKCAST_DISCARD_BODY_MAX_BYTES). */
  maxBytes: number;
  /** Time spent on it at most, ms (TASKCAST_DISCARD_BODY_MAX_MS). */
  maxMs: number;
}

/** The defaults of TASKCAST_DISCARD_BODY_MAX_BYTES and TASKCAST_DISCARD_BODY_MAX_MS. */
export const DEFAULT_DISCARD_LIMITS: DiscardLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/** Registers the hook that reads the rest of an unread body (within `limits`) before the answer goes out. */
export function drainUnreadBodies(app: FastifyInstance, limits: DiscardLimits = DEFAULT_DISCARD_LIMITS): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const req = request.raw;
    if (req.complete || req.readableEnded || req.destroyed) return payload;
    reply.header('connection', 'close');
    await discardBody(req, limits);
    return payload;
  });
}

/** Resolves once the body has ended, the connection is gone, or the budget is spent. */
function discardBody(req: IncomingMessage, limits: DiscardLimits): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', finish);
      req.off('close', finish);
      req.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) finish();
    };
    const timer = setTimeout(finish, limits.maxMs);
    req.on('data', onData);
    req.once('end', finish);
    req.once('close', finish);
    req.once('error', finish);
    req.resume();
  });
}
