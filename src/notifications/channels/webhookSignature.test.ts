/** The webhook signature: what it signs, and every way a receiver refuses one (constant-time compare aside). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhookSignature.js';

const secret = 'whsec_test';
const body = '{"id":"d1","kind":"failed","text":"Ошибка"}';
const now = 1_765_000_000;

describe('signWebhook / verifyWebhook', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as t=…,v1=<hex>, and verifies it', () => {
    const header = signWebhook(secret, now, body);
    const hex = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(header).toBe(`t=${now},v1=${hex}`);
    expect(verifyWebhook(secret, header, body, { nowSec: now + 10 })).toEqual({ ok: true, timestampSec: now });
  });

  it('refuses another body, another secret, and a signature of another time', () => {
    const header = signWebhook(secret, now, body);
    expect(verifyWebhook(secret, header, body.replace('failed', 'completed'), { nowSec: now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyWebhook('other', header, body, { nowSec: now })).toEqual({ ok: false, reason: 'bad_signature' });
    const moved = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyWebhook(secret, moved, body, { nowSec: now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a timestamp older or further ahead than the tolerance', () => {
    const header = signWebhook(secret, now, body);
    expect(verifyWebhook(secret, header, body, { nowSec: now + 300 }).ok).toBe(true);
    expect(verifyWebhook(secret, header, body, { nowSec: now + 301 })).toEqual({ ok: false, reason: 'too_old' });
    expect(verifyWebhook(secret, header, body, { nowSec: now - 301 })).toEqual({ ok: false, reason: 'from_future' });
    expect(verifyWebhook(secret, header, body, { nowSec: now + 3600, toleranceSec: 7200 }).ok).toBe(true);
  });

  it('accepts any matching v1 among several (a rotated secret)', () => {
    const fresh = signWebhook(secret, now, body);
    const old = signWebhook('old-secret', now, body).split(',')[1];
    expect(verifyWebhook(secret, `${fresh},${old}`, body, { nowSec: now }).ok).toBe(true);
    expect(verifyWebhook(secret, `t=${now},${old},${fresh.split(',')[1]}`, body, { nowSec: now }).ok).toBe(true);
  });

  it('malformed headers', () => {
    const v1 = signWebhook(secret, now, body).split(',')[1];
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      `v1=${'a'.repeat(64)}`,
      `t=${now}`,
      `t=abc,${v1}`,
      `t=${now},v1=zz`,
      `t=${now},t=${now},${v1}`,
    ]) {
      expect(verifyWebhook(secret, header, body, { nowSec: now })).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
