/**
 * The webhook signature (as Stripe and GitHub sign theirs): header `Taskcast-Signature: t=<unix seconds>,v1=<hex>`,
 * where the hex is HMAC-SHA256 with the rule's secret over `"<t>.<raw body>"`. The timestamp is signed with the body,
 * so a receiver that checks it within a tolerance (5 minutes by default) refuses a captured request replayed later;
 * `Taskcast-Delivery` (the same on every retry) lets it drop a retry it has already processed.
 *
 * {@link verifyWebhook} is for receivers: Taskcast's tests use it, and so may any Node receiver.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header's name. */
export const SIGNATURE_HEADER = 'Taskcast-Signature';
/** The delivery id header's name. */
export const DELIVERY_HEADER = 'Taskcast-Delivery';
/** How old (or how far ahead) a signed timestamp may be by default, seconds. */
export const DEFAULT_TOLERANCE_SEC = 300;

/** The header value signing `rawBody` at `timestampSec`. */
export function signWebhook(secret: string, timestampSec: number, rawBody: string): string {
  const t = Math.floor(timestampSec);
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`;
}

/** Why a signature was refused. */
export type WebhookRefusal =
  /** No `t=` or no `v1=`, or not numbers and hex. */
  | 'malformed'
  /** No `v1` matches the body under this secret. */
  | 'bad_signature'
  /** The timestamp is older than the tolerance (a replay, or a clock far behind). */
  | 'too_old'
  /** The timestamp is further ahead than the tolerance (a clock far ahead). */
  | 'from_future';

/** The verdict of {@link verifyWebhook}. */
export type WebhookVerdict = { ok: true; timestampSec: number } | { ok: false; reason: WebhookRefusal };

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Default {@link DEFAULT_TOLERANCE_SEC}. */
  toleranceSec?: number;
  /** Now, unix seconds (default: the clock). */
  nowSec?: number;
}

/**
 * Checks a `Taskcast-Signature` header against the raw body as received (before any JSON parsing): the signature
 * first (compared in constant time; any of several `v1=` may match, for a secret being rotated), then the age.
 */
export function verifyWebhook(
  secret: string,
  headerValue: string | null | undefined,
  rawBody: string,
  options: VerifyWebhookOptions = {},
): WebhookVerdict {
  if (typeof headerValue !== 'string') return { ok: false, reason: 'malformed' };
  let t: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of headerValue.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,15}$/.test(value) || t !== null) return { ok: false, reason: 'malformed' };
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: 'malformed' };
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (t === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(hmacHex(secret, t, rawBody), 'hex');
  // Every candidate compared (no early exit), each in constant time: the time says nothing of which bytes matched.
  let matched = false;
  for (const s of signatures) matched = timingSafeEqual(s, expected) || matched;
  if (!matched) return { ok: false, reason: 'bad_signature' };
  const tolerance = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const now = options.nowSec ?? Date.now() / 1000;
  if (t < now - tolerance) return { ok: false, reason: 'too_old' };
  if (t > now + tolerance) return { ok: false, reason: 'from_future' };
  return { ok: true, timestampSec: t };
}

function hmacHex(secret: string, t: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest('hex');
}
