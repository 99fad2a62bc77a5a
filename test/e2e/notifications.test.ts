/**
 * In a real browser against `npm start`'s server (embedded 1C simulator, temporary SQLite): «Сообщить мне по
 * завершении» in SyncModal makes the bell in the header show the sync's end live (the badge, its accessible name
 * and a toast), the line links to the task and «Отметить все прочитанными» clears the badge; a watch made over the
 * API rings the bell too; and an admin creates a notification rule on the «Уведомления» page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  describeInBrowser,
  launchBrowser,
  logIn,
  openPage,
  openSection,
  screenshot,
  screenshotOnFailure,
  startE2eServer,
  type E2eServer,
} from './support/browser.js';

describeInBrowser('web app: notifications', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    ({ page, errors } = await openPage(browser));
  }, 60_000);

  screenshotOnFailure(() => page);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const bell = () => page.getByRole('button', { name: /^Уведомления, непрочитанных/ });

  /** The page's own token (the session the app keeps in localStorage). */
  const token = async () =>
    page.evaluate(() => (JSON.parse(localStorage.getItem('taskcast.session') ?? '{}') as { token?: string }).token ?? '');

  it('tells of a sync started with «Сообщить мне по завершении» in the bell, live', async () => {
    await logIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет');

    await page.getByRole('button', { name: 'Синхронизировать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Синхронизация с 1С' });
    await dialog.getByRole('tab', { name: 'Контрагенты' }).click();
    const pane = dialog.getByRole('tabpanel', { name: 'Контрагенты' });
    await pane.getByRole('checkbox', { name: 'Сообщить мне по завершении' }).check();
    await pane.getByRole('button', { name: 'Запустить синхронизацию' }).click();
    await dialog.getByText('Завершена', { exact: true }).waitFor({ timeout: 45_000 });

    // Live over the socket: the badge, the bell's accessible name and a toast saying it is done.
    await expect.poll(() => bell().getAttribute('aria-label'), { timeout: 30_000 }).toBe('Уведомления, непрочитанных: 1');
    expect(await bell().locator('.ant-badge-count').textContent()).toBe('1');
    const toast = page.locator('.ant-notification-notice');
    await toast.first().waitFor();
    expect(await toast.first().textContent()).toMatch(/Синхронизация контрагентов завершена/);
    await screenshot(page, 'notification-toast');
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();

    await bell().click();
    const list = page.getByRole('list', { name: 'Уведомления' });
    const line = list.getByRole('listitem').first();
    await line.waitFor();
    expect(await line.textContent()).toMatch(/Синхронизация контрагентов завершена/);
    expect(await line.locator('a').getAttribute('href')).toMatch(/^\/tasks\/[0-9a-f-]{36}$/);
    await screenshot(page, 'notification-bell-open');
    await page.getByRole('button', { name: 'Отметить все прочитанными' }).click();
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет');
    expect(await bell().locator('.ant-badge-count').count()).toBe(0);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  }, 90_000);

  it('rings for a task watched over the API, and opening its line marks it read and opens the task', async () => {
    const auth = { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' };
    const started = await fetch(`${server.url}/api/v1/sync-1c/contractors/sync-async`, { method: 'POST', headers: auth, body: '{}' });
    expect(started.status).toBe(202);
    const { task_id } = (await started.json()) as { task_id: string };
    const watched = await fetch(`${server.url}/api/v1/tasks/${task_id}/notify`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ channels: ['app'] }),
    });
    expect(watched.status).toBe(201);

    await expect.poll(() => bell().getAttribute('aria-label'), { timeout: 45_000 }).toBe('Уведомления, непрочитанных: 1');
    await bell().click();
    const line = page.getByRole('list', { name: 'Уведомления' }).getByRole('listitem').first();
    expect(await line.locator('a').getAttribute('href')).toBe(`/tasks/${task_id}`);
    await line.locator('a').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tasks/${task_id}`);
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Уведомления, непрочитанных нет');
    const stored = (await (await fetch(`${server.url}/api/v1/notifications?unread=true`, { headers: auth })).json()) as { unread: number };
    expect(stored.unread).toBe(0);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  }, 90_000);

  it('creates a notification rule on the «Уведомления» page', async () => {
    await page.goto(`${server.url}/transactions`);
    await page.getByRole('heading', { name: 'Банковские операции' }).waitFor();
    await openSection(page, 'Уведомления');
    await page.getByText('Правил пока нет').waitFor();
    await page.getByRole('button', { name: 'Новое правило' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новое правило' });
    await dialog.getByLabel('Название').fill('Ошибки синхронизаций');
    const emails = dialog.getByLabel('Адреса e-mail');
    await emails.fill('buh@firm.ru');
    await emails.press('Enter');
    await dialog.getByLabel('Вебхук (URL)').fill('https://hooks.example.com/taskcast');
    await dialog.getByRole('button', { name: 'Создать' }).click();

    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    await screenshot(page, 'notification-rule-secret');
    const shown = (await secret.locator('code').textContent()) ?? '';
    await page.getByRole('dialog', { name: 'Секрет вебхука' }).getByRole('button', { name: 'Закрыть' }).last().click();

    const row = page.getByRole('row', { name: /Ошибки синхронизаций/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Ошибка (последняя попытка)');
    expect(await row.textContent()).toContain('buh@firm.ru · вебхук');
    await screenshot(page, 'notification-rules');

    const auth = { Authorization: `Bearer ${await token()}` };
    const { rules } = (await (await fetch(`${server.url}/api/v1/notification-rules`, { headers: auth })).json()) as {
      rules: { name: string; event: string; emails: string[]; webhook_secret: string | null }[];
    };
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'Ошибки синхронизаций', event: 'failed', emails: ['buh@firm.ru'] });
    expect(rules[0]!.webhook_secret).toBe(shown);
    expect(errors).toEqual([]);
  }, 90_000);
});
