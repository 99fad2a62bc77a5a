/**
 * The e-mail channel against a real SMTP server (smtp-server + mailparser, test/support/smtpPeer.ts): a message
 * arrives once, to the right address, with its subject, text and HTML; a login; the server stopped (transient, and
 * delivered once it is back), a 550 for the recipient (permanent), a peer that accepts TCP and never answers (a
 * timeout within its bound); the password in no error.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpPeer, type SmtpPeer } from '../../../test/support/smtpPeer.js';
import { renderMessage, scheduleMissedContent } from '../content/index.js';
import { DeliveryError } from './DeliveryError.js';
import { Mailer } from './Mailer.js';

const FROM = 'Taskcast <taskcast@example.com>';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peer(options?: Parameters<typeof startSmtpPeer>[0]): Promise<SmtpPeer> {
  const p = await startSmtpPeer(options);
  cleanups.push(() => p.close());
  return p;
}

function mailer(smtpUrl: string, timeoutMs = 10_000): Mailer {
  const m = new Mailer({ smtpUrl, from: FROM, timeoutMs });
  cleanups.push(() => m.close());
  return m;
}

/** The error `promise` rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected the send to fail');
}

const message = renderMessage(scheduleMissedContent({ id: 's1', name: 'Ночная <выгрузка>', skipped: 3 }), {
  publicUrl: 'https://taskcast.example.com',
});

describe('Mailer', () => {
  it('delivers one message to the right address with its subject, text, HTML and headers', async () => {
    const smtp = await peer();
    const sent = await mailer(smtp.url).send({
      to: 'ops@example.com',
      ...message,
      messageId: 'delivery-42@taskcast',
      headers: { 'X-Taskcast-Delivery': '42' },
    });
    const [mail] = await smtp.waitForMessages(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.envelope).toEqual({ from: 'taskcast@example.com', to: ['ops@example.com'] });
    expect(mail?.to).toEqual(['ops@example.com']);
    expect(mail?.from).toBe('taskcast@example.com');
    expect(mail?.subject).toBe('Расписание «Ночная <выгрузка>»: пропущено 3 запуска');
    expect(mail?.text.trim()).toBe(message.text.trim());
    expect(mail?.html).toContain('Ночная &lt;выгрузка&gt;');
    expect(mail?.html).toContain('https://taskcast.example.com/schedules');
    expect(mail?.messageId).toBe('<delivery-42@taskcast>');
    expect(sent.messageId).toBe('<delivery-42@taskcast>');
    expect(sent.response).toMatch(/^250 /);
    expect(mail?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail?.headers.get('x-taskcast-delivery')).toBe('42');
  });

  it('logs in with the URL’s user and password (percent-decoded)', async () => {
    const pass = 'p@ss:w/rd%';
    const smtp = await peer({ users: { taskcast: pass } });
    await mailer(smtp.urlWithLogin('taskcast', pass)).send({ to: 'a@example.com', ...message });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.user).toBe('taskcast');
  });

  it('a refused login is transient, and neither the error nor the target shows the password', async () => {
    const secret = 'Very-Secret-42';
    const smtp = await peer({ users: { taskcast: 'other' } });
    const m = mailer(smtp.urlWithLogin('taskcast', secret));
    const err = await failure(m.send({ to: 'a@example.com', ...message }));
    expect(err.code).toBe('SMTP_FAILED');
    expect(err.permanent).toBe(false);
    expect(err.status).toBe(535);
    expect(err.message).toContain('SMTP_URL');
    expect(`${err.message} ${err.stack ?? ''} ${JSON.stringify(err)}`).not.toContain(secret);
    expect(m.target).toBe(`smtp://taskcast:***@127.0.0.1:${smtp.port}`);
    expect(smtp.messages).toHaveLength(0);
  });

  it('the server stopped: a transient error; started again on its port: delivered, once', async () => {
    const smtp = await peer();
    const m = mailer(smtp.url);
    await smtp.stop();
    const err = await failure(m.send({ to: 'ops@example.com', ...message }));
    expect(err.code).toBe('UNREACHABLE');
    expect(err.permanent).toBe(false);
    expect(err.message).toContain(`127.0.0.1:${smtp.port}`);

    await smtp.restart();
    await m.send({ to: 'ops@example.com', ...message, messageId: 'again@taskcast' });
    const mails = await smtp.waitForMessages(1);
    expect(mails.map((x) => x.messageId)).toEqual(['<again@taskcast>']);
  });

  it('a 550 for the recipient is permanent; other recipients still get theirs', async () => {
    const smtp = await peer({ rejectRecipients: ['gone@example.com'] });
    const m = mailer(smtp.url);
    const err = await failure(m.send({ to: 'gone@example.com', ...message }));
    expect(err.code).toBe('SMTP_REJECTED');
    expect(err.permanent).toBe(true);
    expect(err.status).toBe(550);
    expect(err.message).toContain('gone@example.com');
    expect(smtp.rejected).toEqual(['gone@example.com']);

    await m.send({ to: 'here@example.com', ...message });
    const mails = await smtp.waitForMessages(1);
    expect(mails.map((x) => x.envelope.to)).toEqual([['here@example.com']]);
  });

  it('a peer that accepts TCP and never answers: a timeout within timeoutMs plus slack', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          silent.close(() => r());
        }),
    );
    const port = (silent.address() as net.AddressInfo).port;
    const timeoutMs = 1000;
    const m = mailer(`smtp://127.0.0.1:${port}`, timeoutMs);
    const started = performance.now();
    const err = await failure(m.send({ to: 'ops@example.com', ...message }));
    const elapsed = performance.now() - started;
    expect(err.code).toBe('TIMEOUT');
    expect(err.permanent).toBe(false);
    expect(sockets.size).toBe(1);
    // The bound: the timeout itself, plus slack for a loaded two-core machine.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 2000);
    console.log(`SMTP timeout of ${timeoutMs} ms fired after ${Math.round(elapsed)} ms`);
  });

  it('a peer that keeps talking but never finishes a reply: the whole send is still bounded by timeoutMs', async () => {
    // Greets at once, then answers EHLO with an endless multi-line reply, a line every 100 ms: nodemailer's idle
    // timeout never fires (data keeps coming), so only the send's own deadline ends it.
    const sockets = new Set<net.Socket>();
    const timers = new Set<NodeJS.Timeout>();
    const chatty = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.write('220 chatty ESMTP\r\n');
      s.once('data', () => {
        const t = setInterval(() => s.write('250-still thinking\r\n'), 100);
        timers.add(t);
        s.on('close', () => clearInterval(t));
      });
    });
    await new Promise<void>((r) => chatty.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const t of timers) clearInterval(t);
          for (const s of sockets) s.destroy();
          chatty.close(() => r());
        }),
    );
    const timeoutMs = 1500;
    const m = mailer(`smtp://127.0.0.1:${(chatty.address() as net.AddressInfo).port}`, timeoutMs);
    const started = performance.now();
    const err = await failure(m.send({ to: 'ops@example.com', ...message }));
    const elapsed = performance.now() - started;
    expect(err.code).toBe('TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 2000);
    console.log(`SMTP whole-send deadline of ${timeoutMs} ms fired after ${Math.round(elapsed)} ms`);
  });

  it('refuses an unusable SMTP_URL or MAIL_FROM at construction, naming the problem', () => {
    expect(() => new Mailer({ smtpUrl: 'http://mail.example.com', from: FROM, timeoutMs: 1000 })).toThrow(/unsupported scheme http/);
    expect(() => new Mailer({ smtpUrl: 'smtp://127.0.0.1:25', from: 'Taskcast', timeoutMs: 1000 })).toThrow(/^MAIL_FROM: /);
  });

  it('a recipient that is not one bare address is refused for good, before any connection', async () => {
    const smtp = await peer();
    const m = mailer(smtp.url);
    for (const to of ['not-an-address', 'a@example.com, b@example.com', 'Ops <ops@example.com>', '']) {
      const err = await failure(m.send({ to, ...message }));
      expect([to, err.code, err.permanent]).toEqual([to, 'BAD_TARGET', true]);
    }
    expect(smtp.messages).toHaveLength(0);
  });
});
