/**
 * Sends a webhook: the JSON body POSTed with its signature (./webhookSignature.ts) and the delivery's id. A 2xx is
 * delivered. 408, 429 and 5xx, a refused or broken connection and a timeout are transient (tried again later); any
 * other status — a 404, a 401 from a receiver that refuses the signature, a redirect (not followed: a rule's URL
 * must name the receiver itself) — is permanent. The whole exchange, up to the response's headers, is bounded by
 * `timeoutMs` with a plain timer aborting the request (measured in postWebhook.test.ts against a receiver that never
 * answers).
 */
import type { WebhookBody } from '../../wire/index.js';
import { DeliveryError } from './DeliveryError.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook } from './webhookSignature.js';

/** One webhook delivery. */
export interface WebhookRequest {
  /** The rule's webhook URL (http or https). */
  url: string;
  /** The rule's signing secret. */
  secret: string;
  body: WebhookBody;
  /** `Taskcast-Delivery`: the same on every retry of one delivery. */
  deliveryId: string;
  timeoutMs: number;
  /** Now, unix seconds, for the signature (default: the clock). */
  nowSec?: number;
}

/** The longest webhook URL accepted. */
export const WEBHOOK_URL_MAX = 2000;
/** How much of a refusing receiver's answer is kept in the error. */
const ANSWER_CHARS = 200;

/** Null when `url` may be a webhook's URL (absolute http or https), else the reason in Russian. */
export function checkWebhookUrl(url: string): string | null {
  if (url.length > WEBHOOK_URL_MAX) return `адрес длиннее ${WEBHOOK_URL_MAX} символов`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'не URL: нужен адрес вида https://example.com/hook';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'нужен адрес http или https';
  if (parsed.hostname === '') return 'в адресе нет хоста';
  return null;
}

/** POSTs the webhook; resolves once the receiver answered 2xx, else throws {@link DeliveryError}. */
export async function postWebhook(request: WebhookRequest): Promise<void> {
  const problem = checkWebhookUrl(request.url);
  if (problem !== null) throw new DeliveryError('BAD_TARGET', `Адрес вебхука не подходит: ${problem}`, true);
  const target = originOf(request.url);
  const raw = JSON.stringify(request.body);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Taskcast',
          [SIGNATURE_HEADER]: signWebhook(request.secret, request.nowSec ?? Date.now() / 1000, raw),
          [DELIVERY_HEADER]: request.deliveryId,
        },
        body: raw,
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new DeliveryError('TIMEOUT', `Вебхук ${target} не ответил за ${request.timeoutMs} мс`, false, null, { cause: err });
      }
      throw new DeliveryError('UNREACHABLE', `Не удалось связаться с ${target}: ${networkReason(err)}`, false, null, { cause: err });
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    const answer = await answerOf(response);
    const said = answer ? `: ${answer}` : '';
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      const to = location ? ` на ${location}` : '';
      throw new DeliveryError(
        'HTTP_STATUS',
        `Вебхук ${target} ответил переадресацией ${status}${to}; укажите в правиле конечный адрес`,
        true,
        status,
      );
    }
    const transient = status === 408 || status === 429 || status >= 500;
    throw new DeliveryError('HTTP_STATUS', `Вебхук ${target} ответил ${status}${said}`, !transient, status);
  } finally {
    clearTimeout(timer);
  }
}

/** `scheme://host:port` of the URL (its path and query may hold a token: not repeated in errors). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'вебхук';
  }
}

/** The start of a refusing receiver's answer, one line. */
async function answerOf(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ANSWER_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // The answer broke off: what came is enough.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, ANSWER_CHARS);
}

/** undici's `fetch failed` says nothing: the cause's code does (ECONNREFUSED, ECONNRESET, ENOTFOUND, …). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
