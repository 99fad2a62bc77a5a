/**
 * Webhooks against a real HTTP receiver (node:http, test/support/webhookReceiver.ts) that verifies the signature
 * with verifyWebhook: delivered with its headers and body; a replay with a timestamp older than 5 minutes refused; a
 * 500 (and 408, 429) transient; a 404 and a redirect permanent; a receiver that never answers times out within its
 * bound; a closed port is transient; only http(s) URLs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../../test/support/webhookReceiver.js';
import type { WebhookBody } from '../../wire/index.js';
import { renderMessage, scheduleMissedContent } from '../content/index.js';
import { DeliveryError } from './DeliveryError.js';
import { checkWebhookUrl, postWebhook } from './postWebhook.js';
import { verifyWebhook, type WebhookRefusal } from './webhookSignature.js';

const secret = 'whsec_5f2b9c';
const message = renderMessage(scheduleMissedContent({ id: 's1', name: 'Ночная', skipped: 2 }), { publicUrl: '' });
const body: WebhookBody = {
  id: 'delivery-7',
  kind: 'schedule_missed',
  rule_id: 'rule-1',
  created_at: '2026-12-06T10:00:00.000Z',
  task: null,
  schedule: { id: 's1', name: 'Ночная', skipped: 2 },
  digest: null,
  subject: message.subject,
  text: message.text,
};

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

/** A receiver that answers 204 to a valid signature and 401 otherwise, keeping why it refused. */
async function verifyingReceiver(): Promise<{ receiver: WebhookReceiver; refusals: WebhookRefusal[] }> {
  const refusals: WebhookRefusal[] = [];
  const receiver = await startWebhookReceiver({
    respond: (req: ReceivedRequest) => {
      const verdict = verifyWebhook(secret, req.headers['taskcast-signature'] as string | undefined, req.body);
      if (verdict.ok) return 204;
      refusals.push(verdict.reason);
      return 401;
    },
  });
  receivers.push(receiver);
  return { receiver, refusals };
}

async function answering(status: number | 'hang'): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver({ respond: () => status });
  receivers.push(receiver);
  return receiver;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the webhook to fail');
}

describe('postWebhook', () => {
  it('delivers the signed JSON with its headers; the receiver verifies it', async () => {
    const { receiver, refusals } = await verifyingReceiver();
    await postWebhook({ url: receiver.url, secret, body, deliveryId: 'delivery-7', timeoutMs: 10_000 });
    const [req] = await receiver.waitForRequests(1);
    expect(req?.status).toBe(204);
    expect(refusals).toEqual([]);
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hook');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['user-agent']).toBe('Taskcast');
    expect(req?.headers['taskcast-delivery']).toBe('delivery-7');
    expect(req?.headers['taskcast-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(req?.body ?? '')).toEqual(body);
    expect(receiver.requests).toHaveLength(1);
  });

  it('a request signed more than 5 minutes ago is refused as a replay; a tampered body as a bad signature', async () => {
    const { receiver, refusals } = await verifyingReceiver();
    const err = await failure(
      postWebhook({ url: receiver.url, secret, body, deliveryId: 'd', timeoutMs: 10_000, nowSec: Date.now() / 1000 - 301 }),
    );
    expect(refusals).toEqual(['too_old']);
    expect(err.status).toBe(401);
    expect(err.permanent).toBe(true);

    // A captured fresh request sent again with another body: the signature no longer matches.
    await postWebhook({ url: receiver.url, secret, body, deliveryId: 'd2', timeoutMs: 10_000 });
    const [, captured] = await receiver.waitForRequests(2);
    const replay = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Taskcast-Signature': String(captured?.headers['taskcast-signature']) },
      body: captured?.body.replace('Ночная', 'Дневная'),
    });
    expect(replay.status).toBe(401);
    expect(refusals).toEqual(['too_old', 'bad_signature']);
  });

  it('500, 408 and 429 are transient; 404, 400 and a redirect are permanent', async () => {
    for (const [status, permanent] of [
      [500, false],
      [503, false],
      [408, false],
      [429, false],
      [404, true],
      [400, true],
      [301, true],
    ] as const) {
      const receiver = await answering(status);
      const err = await failure(postWebhook({ url: receiver.url, secret, body, deliveryId: 'd', timeoutMs: 10_000 }));
      expect([status, err.code, err.status, err.permanent]).toEqual([status, 'HTTP_STATUS', status, permanent]);
      expect(err.message).toContain(`http://127.0.0.1:${receiver.port}`);
      if (status !== 301) expect(err.message).toContain(`{"status":${status}}`);
    }
  });

  it('a receiver that never answers: a timeout within timeoutMs plus slack', async () => {
    const receiver = await answering('hang');
    const timeoutMs = 1000;
    const started = performance.now();
    const err = await failure(postWebhook({ url: receiver.url, secret, body, deliveryId: 'd', timeoutMs }));
    const elapsed = performance.now() - started;
    expect(err.code).toBe('TIMEOUT');
    expect(err.permanent).toBe(false);
    expect(receiver.requests).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 2000);
    console.log(`webhook timeout of ${timeoutMs} ms fired after ${Math.round(elapsed)} ms`);
  });

  it('a closed port is transient', async () => {
    const receiver = await answering(200);
    await receiver.close();
    receivers.splice(receivers.indexOf(receiver), 1);
    const err = await failure(postWebhook({ url: receiver.url, secret, body, deliveryId: 'd', timeoutMs: 10_000 }));
    expect(err.code).toBe('UNREACHABLE');
    expect(err.permanent).toBe(false);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('only http and https URLs; anything else is refused without a request', async () => {
    for (const url of ['ftp://example.com/hook', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)']) {
      expect(checkWebhookUrl(url)).not.toBeNull();
      const err = await failure(postWebhook({ url, secret, body, deliveryId: 'd', timeoutMs: 1000 }));
      expect([err.code, err.permanent]).toEqual(['BAD_TARGET', true]);
    }
    expect(checkWebhookUrl('https://hooks.example.com/taskcast?x=1')).toBeNull();
    expect(checkWebhookUrl(`https://example.com/${'a'.repeat(2000)}`)).toMatch(/длиннее/);
  });
});
