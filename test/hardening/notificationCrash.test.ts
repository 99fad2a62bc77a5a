/**
 * Issue 15: a real server process killed with SIGKILL between a task's end and the e-mail about it (the SMTP server
 * is down, so the delivery waits, planned but unsent) loses nothing and sends nothing twice: a new process on the same
 * database sends it once the SMTP server is back. A second task's e-mail arriving after it shows the new process has
 * been through the outbox again, with still one copy of the first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startSmtpPeer, type SmtpPeer } from '../support/smtpPeer.js';
import { startServeProcess, type ServeProcess } from './support/serveProcess.js';

const PASSWORD = 'notification-crash-admin-pass';

describe('a server killed between a task’s end and its e-mail', () => {
  let root: string;
  let smtp: SmtpPeer;
  let env: Record<string, string>;
  const servers: ServeProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'taskcast-notify-crash-'));
    smtp = await startSmtpPeer();
    env = {
      TASKCAST_DATA_DIR: join(root, 'data'),
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'info',
      TASKCAST_NOTIFY_RETRY_BASE_MS: '200',
      TASKCAST_NOTIFY_RETRY_MAX_MS: '500',
      TASKCAST_NOTIFY_LEASE_MS: '2000',
      TASKCAST_NOTIFY_BACKSTOP_MS: '200',
    };
  });
  afterAll(async () => {
    for (const s of servers) await s.process.kill();
    await smtp?.close();
    await rm(root, { recursive: true, force: true });
  });

  const call = async (s: ServeProcess, path: string, body?: unknown) => {
    const res = await fetch(s.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  const syncAndWait = async (s: ServeProcess): Promise<string> => {
    const started = await call(s, '/api/v1/sync-1c/contractors/sync-async', {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const taskId = started.body.task_id as string;
    await vi.waitFor(
      async () => {
        const task = await call(s, `/api/v1/tasks/${taskId}`);
        expect(task.body.status).toBe('completed');
      },
      { timeout: 120_000, interval: 100 },
    );
    return taskId;
  };

  test('the delivery survives SIGKILL and is sent once by the next process', async () => {
    const first = await startServeProcess('serve-1', PASSWORD, env);
    servers.push(first);
    const rule = await call(first, '/api/v1/notification-rules', {
      name: 'Контрагенты',
      event: 'completed',
      task_type: 'sync_contractors',
      emails: ['crash@example.com'],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    await smtp.stop();
    const taskId = await syncAndWait(first);
    // Planned, tried and refused: the process now holds a delivery it could not send.
    await first.process.waitForOutput(/"msg":"notification not sent; will retry"/, 60_000);
    first.process.signal('SIGKILL');
    expect((await first.process.exited).signal).toBe('SIGKILL');
    expect(smtp.messages).toHaveLength(0);

    await smtp.restart();
    const second = await startServeProcess('serve-2', PASSWORD, env);
    servers.push(second);
    const [mail] = await smtp.waitForMessages(1, 60_000);
    expect(mail!.to).toEqual(['crash@example.com']);
    expect(mail!.subject).toContain('завершена');
    expect(mail!.text).toMatch(/загружено из 1С \d+/);

    // A second task's e-mail: the outbox has been passed again, and the first is still one copy.
    const secondTask = await syncAndWait(second);
    await smtp.waitForMessages(2, 60_000);
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages.map((m) => m.messageId)).toHaveLength(new Set(smtp.messages.map((m) => m.messageId)).size);
    expect(secondTask).not.toBe(taskId);
  }, 400_000);
});
